local seen = io.open("env-seen.txt", "w")
for _, name in ipairs({@NAMES@}) do
  seen:write(name, "=", os.getenv(name) or "", ";\n")
end
seen:close()
