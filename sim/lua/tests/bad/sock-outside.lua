-- expect: sock-outside.lua:2: socket: only a process can make system calls (use host:spawn)
socket(AF_UNIX, SOCK_STREAM, 0)
