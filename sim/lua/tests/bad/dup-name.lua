-- expect: dup-name.lua:3: host: name 'lan0' is already used by a ethernet
local lan = ethernet { name = "lan0" }
local h = host { name = "lan0" }
