// scripts/bench/ns3/bench.cc: the ns-3 side of scripts/bench/vs-ns3, the
// same workloads as scripts/bench/bulk.lua (w1, w2) and setup.lua (scale)
// built with ns-3 3.37 (Debian's libns3-dev). What is made the same and
// what still differs is listed in docs/benchmarks.md. Prints the same
// `name value` lines as the Lua side: goodput_mbps, segments (data
// segments the receivers took in, counted at the sinks' sockets as bytes /
// segment size), transfers_done (scale).
//
//   bench --workload=w1|w2|scale [--time=S] [--flows=N] [--loss=P]
//         [--neck=RATE] [--access=RATE] [--hosts=N]
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <cstdio>
#include <string>
#include <vector>

using namespace ns3;

static const uint32_t kBuf = 65536;   // socket buffers, as bulk.lua
static const uint32_t kSeg = 1448;    // 1460 less 12 bytes of timestamps
// BulkSend writes only when a whole SendSize fits in the send buffer;
// 8 KB keeps the 64 KB buffer topped up as a blocking write(64 KB) does.
static const uint32_t kSendSize = 8192;

// TCP as ipcsim's "newreno" profile: NewReno with classic recovery, no
// SACK, RFC 1323 on (both sides use timestamps, so segments carry 1448
// bytes and datagrams stay within the 1500-byte MTU), 3-segment initial
// window, 64 KB buffers, an ACK for every second segment or after 200 ms.
static void ConfigureTcp()
{
  Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                     TypeIdValue(TcpNewReno::GetTypeId()));
  Config::SetDefault("ns3::TcpL4Protocol::RecoveryType",
                     TypeIdValue(TcpClassicRecovery::GetTypeId()));
  Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(kSeg));
  Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(kBuf));
  Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(kBuf));
  Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(3));
  Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(2));
  Config::SetDefault("ns3::TcpSocket::DelAckTimeout",
                     TimeValue(MilliSeconds(200)));
  Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(false));
  Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(true));
  Config::SetDefault("ns3::TcpSocketBase::WindowScaling", BooleanValue(true));
  Config::SetDefault("ns3::TcpSocketBase::LimitedTransmit", BooleanValue(false));
}

// A point-to-point link with a 100-packet drop-tail device queue and no
// queue disc (ns-3 would otherwise put FqCoDel in front of it).
static NetDeviceContainer Link(Ptr<Node> a, Ptr<Node> b,
                               const std::string &rate, const std::string &delay)
{
  PointToPointHelper p2p;
  p2p.SetDeviceAttribute("DataRate", StringValue(rate));
  p2p.SetChannelAttribute("Delay", StringValue(delay));
  p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("100p"));
  return p2p.Install(a, b);
}

// Per-packet loss p on both directions of d, as ipcsim's link `loss`.
static void Lossy(NetDeviceContainer &d, double p)
{
  for (uint32_t i = 0; p > 0 && i < d.GetN(); i++) {
    Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
    em->SetAttribute("ErrorRate", DoubleValue(p));
    em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
    d.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
  }
}

// Removes the queue disc that address assignment put on each device.
static void NoQueueDiscs(NetDeviceContainer d)
{
  TrafficControlHelper tch;
  tch.Uninstall(d);
}

// w1 and w2: src -- gw1 -- gw2 -- dst, `flows` bulk connections.
static void Dumbbell(double time, int flows, double loss,
                     const std::string &neck, const std::string &access)
{
  NodeContainer n;
  n.Create(4);                                  // src gw1 gw2 dst
  NetDeviceContainer a1 = Link(n.Get(0), n.Get(1), access, "1ms");
  NetDeviceContainer nk = Link(n.Get(1), n.Get(2), neck, "10ms");
  NetDeviceContainer a2 = Link(n.Get(2), n.Get(3), access, "1ms");
  Lossy(nk, loss);
  InternetStackHelper stack;
  stack.Install(n);
  Ipv4AddressHelper ip;
  ip.SetBase("10.1.0.0", "255.255.0.0");
  ip.Assign(a1);
  ip.SetBase("10.2.0.0", "255.255.0.0");
  ip.Assign(nk);
  ip.SetBase("10.3.0.0", "255.255.0.0");
  Ipv4InterfaceContainer d = ip.Assign(a2);
  NoQueueDiscs(NetDeviceContainer(NetDeviceContainer(a1, nk), a2));
  Ipv4GlobalRoutingHelper::PopulateRoutingTables();
  std::vector<Ptr<PacketSink>> sinks;
  for (int f = 0; f < flows; f++) {
    uint16_t port = (uint16_t)(9 + f);
    PacketSinkHelper sink("ns3::TcpSocketFactory",
                          InetSocketAddress(Ipv4Address::GetAny(), port));
    sinks.push_back(DynamicCast<PacketSink>(sink.Install(n.Get(3)).Get(0)));
    BulkSendHelper src("ns3::TcpSocketFactory",
                       InetSocketAddress(d.GetAddress(1), port));
    src.SetAttribute("MaxBytes", UintegerValue(0));
    src.SetAttribute("SendSize", UintegerValue(kSendSize));
    src.Install(n.Get(0));
  }
  Simulator::Stop(Seconds(time));
  Simulator::Run();
  uint64_t rx = 0;
  for (auto &s : sinks)
    rx += s->GetTotalRx();
  std::printf("goodput_mbps %.3f\n", (double)rx * 8 / time / 1e6);
  std::printf("segments %llu\n", (unsigned long long)(rx / kSeg));
}

// scale: `hosts` hosts over S = hosts/100 Ethernets of 99 hosts and a
// gateway (10.(s/256).(s%256).0/24, the gateway .254), the gateways on a
// core Ethernet (172.16.0.0/16); odd host h of each segment sends 100 KB
// to host h + 1 of the same segment: 49 transfers per segment. ns-3's CSMA
// defers but never collides (docs/benchmarks.md). Hosts get a default
// route through their gateway; the gateways need none (no traffic leaves
// a segment).
static void Scale(double time, int hosts)
{
  int segs = hosts / 100;
  CsmaHelper csma;
  csma.SetChannelAttribute("DataRate", StringValue("10Mbps"));
  csma.SetChannelAttribute("Delay", StringValue("2500ns"));   // 500 m
  InternetStackHelper stack;
  NodeContainer gws;
  gws.Create(segs);
  stack.Install(gws);
  Ipv4AddressHelper ip;
  ip.SetBase("172.16.0.0", "255.255.0.0");
  ip.Assign(csma.Install(gws));
  Ipv4StaticRoutingHelper srh;
  std::vector<Ptr<PacketSink>> sinks;
  for (int s = 1; s <= segs; s++) {
    NodeContainer lan;
    lan.Create(99);
    stack.Install(lan);
    NodeContainer all(lan, NodeContainer(gws.Get(s - 1)));
    char net[32];
    std::snprintf(net, sizeof net, "10.%d.%d.0", s / 256, s % 256);
    ip.SetBase(net, "255.255.255.0");
    Ipv4InterfaceContainer a = ip.Assign(csma.Install(all));
    Ipv4Address gw = a.GetAddress(99);
    for (int h = 0; h < 99; h++)
      srh.GetStaticRouting(lan.Get(h)->GetObject<Ipv4>())->SetDefaultRoute(gw, 1);
    for (int h = 0; h + 1 < 99; h += 2) {
      PacketSinkHelper sink("ns3::TcpSocketFactory",
                            InetSocketAddress(Ipv4Address::GetAny(), 9));
      sinks.push_back(DynamicCast<PacketSink>(sink.Install(lan.Get(h + 1)).Get(0)));
      BulkSendHelper src("ns3::TcpSocketFactory",
                         InetSocketAddress(a.GetAddress(h + 1), 9));
      src.SetAttribute("MaxBytes", UintegerValue(100 * 1024));
      src.SetAttribute("SendSize", UintegerValue(kSendSize));
      src.Install(lan.Get(h));
    }
  }
  Simulator::Stop(Seconds(time));
  Simulator::Run();
  uint64_t rx = 0, done = 0;
  for (auto &k : sinks) {
    rx += k->GetTotalRx();
    done += k->GetTotalRx() == 100 * 1024;
  }
  std::printf("goodput_mbps %.3f\n", (double)rx * 8 / time / 1e6);
  std::printf("transfers_done %llu\n", (unsigned long long)done);
}

int main(int argc, char **argv)
{
  std::string workload = "w1", neck = "10Mbps", access = "100Mbps";
  double time = 100, loss = 0;
  int flows = 1, hosts = 1000;
  CommandLine cmd(__FILE__);
  cmd.AddValue("workload", "w1, w2 or scale", workload);
  cmd.AddValue("time", "simulated seconds", time);
  cmd.AddValue("flows", "bulk connections (w1, w2)", flows);
  cmd.AddValue("loss", "loss per packet on the bottleneck", loss);
  cmd.AddValue("neck", "bottleneck rate", neck);
  cmd.AddValue("access", "access link rate", access);
  cmd.AddValue("hosts", "hosts (scale)", hosts);
  cmd.Parse(argc, argv);
  ConfigureTcp();
  if (workload == "w1" || workload == "w2")
    Dumbbell(time, flows, loss, neck, access);
  else if (workload == "scale")
    Scale(time, hosts);
  else {
    std::fprintf(stderr, "bench: unknown workload %s\n", workload.c_str());
    return 2;
  }
  Simulator::Destroy();
  return 0;
}
