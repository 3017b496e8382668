local hoard = {}
local chunk = string.rep("x", 1024 * 1024)
-- 3 GiB at most: past the 1 GiB limit, yet harmless to a 24 GiB test machine if the limit broke
for i = 1, 3000 do
  hoard[i] = chunk .. i
end
