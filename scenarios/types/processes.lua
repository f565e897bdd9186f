---@meta ipcsim.processes
-- scenarios/types/processes.lua: LuaLS definitions of the scenario API (4 of 5):
-- processes, wait statuses and signals, 4.4BSD's numbers. Never run; see
-- ipcsim.lua beside it for the conventions, and docs/lua-api.md "Processes
-- and signals". Only a process may make these calls (W* macros aside).

---A signal handler: a function called as handler(sig), SIG_DFL or SIG_IGN.
---@alias ipcsim.handler fun(sig: integer)|"SIG_DFL"|"SIG_IGN"

---Starts a child running fn with a copy of the descriptor table; returns its pid.
---@param fn fun()
---@return integer? pid
---@return ipcsim.errname? err
---@return integer? errno
function fork(fn) end

---Ends the calling process with this status (status & 0377).
---@param status? integer
function exit(status) end

---The calling process's pid.
---@return integer
function getpid() end

---The parent's pid (0 for a process started with host:spawn).
---@return integer
function getppid() end

---The calling process's group.
---@return integer
function getpgrp() end

---The calling process's user id (0 is root).
---@return integer
function getuid() end

---The host's name.
---@return string
function gethostname() end

---Sets the process group of pid (0: the caller) to pgrp.
---@param pid integer
---@param pgrp integer
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function setpgrp(pid, pgrp) end

---The same as setpgrp.
---@param pid integer
---@param pgrp integer
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function setpgid(pid, pgrp) end

---Waits for a child to end; returns its pid and wait status.
---@return integer? pid
---@return integer|ipcsim.errname|nil status
---@return integer? errno
function wait() end

---wait with options (WNOHANG: 0 when no child has ended).
---@param options? integer
---@return integer? pid
---@return integer|ipcsim.errname|nil status
---@return integer? errno
function wait3(options) end

---Waits for a child: pid -1 any, > 0 that one, 0 the own group, < -1 group -pid.
---@param pid integer
---@param options? integer
---@return integer? pid
---@return integer|ipcsim.errname|nil status
---@return integer? errno
function waitpid(pid, options) end

---True when the status is of a process that exited.
---@param status integer
---@return boolean
function WIFEXITED(status) end

---The exit code of a process that exited.
---@param status integer
---@return integer
function WEXITSTATUS(status) end

---True when the status is of a process a signal ended.
---@param status integer
---@return boolean
function WIFSIGNALED(status) end

---The signal that ended the process.
---@param status integer
---@return integer
function WTERMSIG(status) end

---Always false: stopping is not modelled.
---@param status integer
---@return boolean
function WIFSTOPPED(status) end

---Always false: no core files are written.
---@param status integer
---@return boolean
function WCOREDUMP(status) end

---Installs a signal handler; returns the previous one.
---@param sig integer
---@param handler ipcsim.handler
---@return ipcsim.handler? previous
---@return ipcsim.errname? err
---@return integer? errno
function signal(sig, handler) end

---The same as signal (4.4BSD's signal(): the handler stays, SA_RESTART).
---@param sig integer
---@param handler ipcsim.handler
---@return ipcsim.handler? previous
---@return ipcsim.errname? err
---@return integer? errno
function sigset(sig, handler) end

---flag 1: the signal interrupts wait and transfers (EINTR) instead of restarting them.
---@param sig integer
---@param flag integer|boolean
---@return integer
function siginterrupt(sig, flag) end

---Sends a signal: pid > 0 that process, 0 the group, -1 every other, < -1 group -pid.
---@param pid integer
---@param sig integer
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function kill(pid, sig) end

---Sends a signal to a process group.
---@param pgrp integer
---@param sig integer
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function killpg(pgrp, sig) end

---Sends SIGALRM after t (0 cancels); returns the seconds the previous alarm had left.
---@param t ipcsim.time
---@return number left
function alarm(t) end

---The mask bit of a signal: 1 << (sig - 1).
---@param sig integer
---@return integer
function sigmask(sig) end

---Adds signals to the blocked mask; returns the previous mask.
---@param mask integer
---@return integer previous
function sigblock(mask) end

---Sets the blocked mask; returns the previous mask.
---@param mask integer
---@return integer previous
function sigsetmask(mask) end

---Waits with this mask until a caught signal arrives; always nil, "EINTR", 4.
---@param mask integer
---@return nil
---@return ipcsim.errname err
---@return integer errno
function sigpause(mask) end

---sigpause with the current mask; always nil, "EINTR", 4.
---@return nil
---@return ipcsim.errname err
---@return integer errno
function pause() end

---The default action of a signal (a handler value).
SIG_DFL = "SIG_DFL"
---Ignore the signal (a handler value).
SIG_IGN = "SIG_IGN"
---wait3/waitpid option: do not wait.
WNOHANG = 1
---wait3/waitpid option: report stopped children (none are).
WUNTRACED = 2
---The number of signals (1..31 are valid).
NSIG = 32
---Hangup.
SIGHUP = 1
---Interrupt.
SIGINT = 2
---Quit.
SIGQUIT = 3
---Illegal instruction.
SIGILL = 4
---Trace trap.
SIGTRAP = 5
---Abort.
SIGABRT = 6
---EMT instruction.
SIGEMT = 7
---Floating point exception.
SIGFPE = 8
---Kill (cannot be caught, ignored or blocked).
SIGKILL = 9
---Bus error.
SIGBUS = 10
---Segmentation violation.
SIGSEGV = 11
---Bad system call.
SIGSYS = 12
---Write on a broken pipe or stream.
SIGPIPE = 13
---Alarm clock (alarm()).
SIGALRM = 14
---Termination.
SIGTERM = 15
---Urgent (out-of-band) data on a socket (ignored by default).
SIGURG = 16
---Stop (cannot be caught; discarded: stopping is not modelled).
SIGSTOP = 17
---Stop from the terminal (discarded).
SIGTSTP = 18
---Continue (ignored by default).
SIGCONT = 19
---A child ended (ignored by default).
SIGCHLD = 20
---Background read from the terminal (discarded).
SIGTTIN = 21
---Background write to the terminal (discarded).
SIGTTOU = 22
---I/O possible on a descriptor (ignored by default).
SIGIO = 23
---CPU time limit exceeded.
SIGXCPU = 24
---File size limit exceeded.
SIGXFSZ = 25
---Virtual time alarm.
SIGVTALRM = 26
---Profiling time alarm.
SIGPROF = 27
---Window size change (ignored by default).
SIGWINCH = 28
---Information request (ignored by default).
SIGINFO = 29
---User-defined signal 1.
SIGUSR1 = 30
---User-defined signal 2.
SIGUSR2 = 31
