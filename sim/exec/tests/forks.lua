-- sim/exec/tests/forks.lua: a real C forking server (fork_server.c):
-- each connection is served by a forked child (a new simulated process,
-- its real process a fork of the server's), the server reaps them in a
-- SIGCHLD handler with waitpid, and two C clients are served, the
-- second started by execer.c's execv.
local bin = param("bin")
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2/16" } }
degas:exec(bin .. "/fork_server", { "fork_server", "7000", "2" })
at(0.5, function()
  monet:exec(bin .. "/echo_client", { "echo_client", "degas", "7000", "one" })
end)
at(1, function()                 -- through execer: execve keeps the shim
  monet:exec(bin .. "/execer", { "execer", bin .. "/echo_client", "degas",
                                 "7000", "two" })
end)
run { stop = "10s" }
