-- scenarios/lib/shell.lua: a tiny login shell and the programs it runs
-- (echo, cat, ls, yes, sleep), as Lua processes on a terminal: the shell
-- prints a prompt, reads a line from descriptor 0, forks a child for the
-- command and waits for it. Like the Bourne shell without job control,
-- it ignores SIGINT and SIGQUIT while its children take the default, so
-- ^C at the terminal ends the command (the whole foreground group gets
-- the signal) and the shell prompts again. `exit`, `logout` or ^D at the
-- prompt end it. Usage (docs/lua-api.md, "Terminals"):
--   local shell = require "shell"
--   h:spawn("sh", function() shell.sh() end, { tty = h:terminal{} })
local M = {}

local function puts(fd, s) return write(fd, s) end

local programs = {}
M.programs = programs

-- echo [words]: the words, one space apart.
function programs.echo(argv)
  puts(1, table.concat(argv, " ", 2) .. "\n")
  return 0
end

-- Copies descriptor fd to the output until end of file.
local function copy(fd)
  while true do
    local d = read(fd, 1024)
    if not d or d == "" then return d ~= nil end
    if not puts(1, d) then return false end
  end
end

-- cat [files]: the files, or the input, on the output.
function programs.cat(argv)
  if #argv < 2 then return copy(0) and 0 or 1 end
  local st = 0
  for i = 2, #argv do
    local fd = open(argv[i], O_RDONLY)
    if not fd then
      puts(2, "cat: " .. argv[i] .. ": " .. strerror() .. "\n")
      st = 1
    else
      copy(fd)
      close(fd)
    end
  end
  return st
end

-- ls [dir]: the names in a directory (of the host's file system), one a
-- line, sorted.
function programs.ls(argv)
  local path = argv[2] or "/"
  local dirp = opendir(path)
  if not dirp then
    puts(2, "ls: " .. path .. ": " .. strerror() .. "\n")
    return 1
  end
  while true do
    local d = readdir(dirp)
    if not d then break end
    puts(1, d.d_name .. "\n")
  end
  closedir(dirp)
  return 0
end

-- yes [word]: the word (default y), a line at a time, for ever.
function programs.yes(argv)
  local line = (argv[2] or "y") .. "\n"
  while puts(1, line) do end
  return 1
end

-- sleep seconds
function programs.sleep(argv)
  local t = tonumber(argv[2])
  if not t then
    puts(2, "usage: sleep seconds\n")
    return 1
  end
  sleep(t)
  return 0
end

-- Runs argv as a child and waits for it; the wait status.
local function run(prog, argv)
  local pid = fork(function()
    signal(SIGINT, SIG_DFL)
    signal(SIGQUIT, SIG_DFL)
    exit(prog(argv) or 0)
  end)
  while true do
    local p, status = wait()
    if not p then return nil end             -- ECHILD: reaped elsewhere
    if p == pid then return status end
  end
end

-- sh{ prompt = "degas$ " }: the shell loop on descriptors 0, 1 and 2.
-- Returns (and so ends its process) at exit or end of file.
function M.sh(opts)
  local prompt = opts and opts.prompt or (gethostname() .. "$ ")
  signal(SIGINT, SIG_IGN)
  signal(SIGQUIT, SIG_IGN)
  while true do
    puts(1, prompt)
    local line = read(0, 1024)
    if not line or line == "" then
      puts(1, "logout\n")
      return
    end
    local argv = {}
    for w in line:gmatch("%S+") do argv[#argv + 1] = w end
    local cmd = argv[1]
    if cmd == "exit" or cmd == "logout" then
      return
    elseif cmd and programs[cmd] then
      local status = run(programs[cmd], argv)
      if status and WIFSIGNALED(status) and WTERMSIG(status) == SIGINT then
        puts(1, "\n")
      end
    elseif cmd then
      puts(2, cmd .. ": not found\n")
    end
  end
end

return M
