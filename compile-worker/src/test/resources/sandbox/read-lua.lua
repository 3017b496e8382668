-- tex.sprint(-2, ...) typesets every character as "other", so no text can break the document
local f = io.open("@FILE@", "r")
if f then
  tex.sprint(-2, "READ:" .. (f:read("*l") or ""))
  f:close()
else
  tex.sprint(-2, "ABSENT.")
end
