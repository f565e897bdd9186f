-- expect: sleep-outside.lua:2: sleep: only a process can block
sleep(1)
