---@meta ipcsim
-- scenarios/types/ipcsim.lua: LuaLS definitions of the scenario API (1 of 5):
-- value kinds, running the simulation, output, parameters, reports, series,
-- plots and random streams. Never run: the language server reads it
-- (scenarios/.luarc.json), and .luacheckrc takes its globals from these
-- files. Every global is declared at column 0 as `function NAME(` or
-- `NAME =`; scenarios/tests/api-drift checks the names against the runtime.
-- The reference is docs/lua-api.md.

---A time: seconds as a number, or a string with a unit ("5ms", "1.5s", "2us", "1min").
---@alias ipcsim.time number|string
---A bit rate: bit/s as a number, or a string ("10Mbps", "56kbps").
---@alias ipcsim.rate number|string
---A size: bytes as a number, or a string ("1500B", "64KB", "2MB").
---@alias ipcsim.size number|string
---A cable length: metres as a number, or a string ("200m", "2km").
---@alias ipcsim.length number|string
---An IPv4 address: "a.b.c.d", or an integer 0..2^32-1 in host order.
---@alias ipcsim.addr string|integer
---The errno name of a failed call ("ECONNREFUSED"), returned after nil.
---@alias ipcsim.errname string

---Fields of run{}.
---@class ipcsim.RunSpec
---@field stop? ipcsim.time run until this simulated time (--stop replaces it)
---@field autoroute? boolean compute the automatic routes first (default true)
---@field epoch? integer the wall clock (time, gettimeofday) at simulated time 0, seconds since 1970; first run{} only (default 759888000, 1994-01-30)

---Runs the simulation until `stop` or until no event is left; may be called again.
---@param spec? ipcsim.RunSpec
function run(spec) end

---Calls `fn` at simulated time `t` (it may not block).
---@param t ipcsim.time
---@param fn fun()
function at(t, fn) end

---Returns the simulated time in seconds.
---@return number seconds
function now() end

---The wall clock: run{}'s epoch plus the simulated time, whole seconds since 1970.
---@return integer seconds
function time() end

---The wall clock as a struct timeval.
---@return { tv_sec: integer, tv_usec: integer }
function gettimeofday() end

---Returns how many events the run has executed so far.
---@return integer
function events() end

---Blocks the calling process for `t`; returns 0, or the seconds left when a signal ended it.
---@param t ipcsim.time
---@return number left
function sleep(t) end

---Prints `prefix: message` for the calling process's last failed call.
---@param prefix? string
function perror(prefix) end

---Returns the 4.4BSD message of an errno number or name.
---@param err integer|ipcsim.errname
---@return string
function strerror(err) end

---Returns the --param NAME=VALUE value (a number when it reads as one), or `default`.
---@param name string
---@param default? number|string
---@return number|string
function param(name, default) end

---Returns the run seed (--seed, default 1).
---@return integer
function seed() end

---Records named numbers of the run into <out>/report.csv (calls merge).
---@param values table<string, number>
function report(values) end

---The scenario's arguments (after --); arg[0] is the file.
---@type table<integer, string>
arg = {}

---Fields of series{}.
---@class ipcsim.SeriesSpec
---@field name string the series' name: <out>/<name>.csv
---@field columns string[] 1 to 32 column names

---A time series written to <out>/<name>.csv.
---@class ipcsim.Series
local Series = {}

---Appends one row: one finite number per column, in order.
---@param ... number
function Series:add(...) end

---Creates <out>/<name>.csv with a header of `columns` and returns the series.
---@param spec ipcsim.SeriesSpec
---@return ipcsim.Series
function series(spec) end

---Fields of plot{}.
---@class ipcsim.PlotSpec
---@field name string the plot's name: <out>/<name>.png
---@field series? string the series to draw (default the one called `name`)
---@field title? string the title (default `name`)
---@field x string the x column
---@field y string[] the y columns, one line each
---@field xlabel? string the x axis label (default the x column)
---@field ylabel? string the y axis label (default the y column, or "value")

---Asks for a plot of one series, drawn with gnuplot when the run ends without error.
---@param spec ipcsim.PlotSpec
function plot(spec) end

---A random stream seeded from the run seed and its name.
---@class ipcsim.Rng
local Rng = {}

---A uniform draw in [0, 1), or in [lo, hi).
---@param lo? number
---@param hi? number
---@return number
function Rng:uniform(lo, hi) end

---An exponential draw with this mean.
---@param mean number
---@return number
function Rng:exp(mean) end

---True with probability p.
---@param p number
---@return boolean
function Rng:bernoulli(p) end

---An integer in 1..m, or in m..n.
---@param m integer
---@param n? integer
---@return integer
function Rng:int(m, n) end

---Returns the random stream called `name` (its draws depend on no other stream).
---@param name string
---@return ipcsim.Rng
function rng(name) end
