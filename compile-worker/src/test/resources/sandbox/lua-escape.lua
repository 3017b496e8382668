local function say(text)
  tex.sprint(-2, text .. " ")
end

local status = os.execute("touch @TARGET@")
say("EXECUTE:" .. tostring(status))

local pipe = io.popen("cat @FILE@")
if pipe then
  say("POPEN:" .. (pipe:read("*l") or "nothing"))
  pipe:close()
else
  say("POPEN:none")
end

local ok, socket = pcall(require, "socket")
if ok then
  local tcp = socket.tcp()
  tcp:settimeout(3)
  local connected, err = tcp:connect("127.0.0.1", @PORT@)
  if connected then
    tcp:send("EGRESS\n")
    say("CONNECT:connected")
  else
    say("CONNECT:failed:" .. tostring(err))
  end
  tcp:close()
else
  say("CONNECT:no-socket-library")
end
