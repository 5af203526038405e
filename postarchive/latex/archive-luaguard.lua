-- The archive's Lua guard (postarchive/checks/latexsafe.py), run at the end of the
-- preamble, after every package has loaded and before any page's text.
--
-- Nothing of a page should ever reach Lua: the build refuses \directlua and
-- every other route before LaTeX runs. This is the second line: whatever runs
-- Lua after this point cannot start programs, load native code or bytecode,
-- open sockets, and reads and writes files only where the typesetting needs
-- them (the build directory, the TeX tree, the fonts, the font cache).
-- Packages that kept their own references to these functions keep them.
local io_open, loadfile_, load_ = io.open, loadfile, load

local here = lfs.currentdir()
-- the font cache: tools/latex-sandbox.sh points TEXMFCACHE into the build's
-- own directory, so nothing written here outlives the build
local cache = os.getenv("TEXMFCACHE") or ""

local function normal(path)
  if path:sub(1, 1) ~= "/" then path = here .. "/" .. path end
  local parts = {}
  for part in path:gmatch("[^/]+") do
    if part == ".." then
      if #parts == 0 then return nil end
      parts[#parts] = nil
    elseif part ~= "." then
      parts[#parts + 1] = part
    end
  end
  return "/" .. table.concat(parts, "/")
end

local function under(path, root)
  return root ~= "" and (path == root or path:sub(1, #root + 1) == root .. "/")
end

local read_roots = { here, cache, kpse.var_value("TEXMFVAR") or "", kpse.var_value("TEXMFSYSVAR") or "", "/usr/share", "/usr/local/share", "/var/lib/texmf", "/etc/texmf",
                     "/etc/fonts", "/var/cache/fontconfig" }
local write_roots = { here, cache }

local function allowed(path, roots)
  -- a NUL ends the path where the C library reads it, not where Lua does
  local full = type(path) == "string" and not path:find("%z") and normal(path)
  if not full then return false end
  for _, root in ipairs(roots) do
    if under(full, root) then return true end
  end
  return false
end

local function refuse(what, path)
  error("archive: Lua may not " .. what .. " " .. tostring(path) .. " in this build", 2)
end

function io.open(path, mode)
  local writing = mode and mode:find("[wa+]")
  if not allowed(path, writing and write_roots or read_roots) then
    refuse(writing and "write" or "read", path)
  end
  return io_open(path, mode)
end

local io_lines, io_input, io_output = io.lines, io.input, io.output
function io.lines(path, ...)
  if path ~= nil and not allowed(path, read_roots) then refuse("read", path) end
  return io_lines(path, ...)
end
function io.input(file)
  if type(file) == "string" and not allowed(file, read_roots) then refuse("read", file) end
  return io_input(file)
end
function io.output(file)
  if type(file) == "string" and not allowed(file, write_roots) then refuse("write", file) end
  return io_output(file)
end

-- lualibs (loaded by luaotfload) adds readers and writers of its own to io,
-- which keep the original io.open: each is checked like io.open
for _, name in ipairs({ "loaddata", "loadlines", "exists", "size", "noflines", "characters",
                        "bytes", "readnumber", "readstring", "ask" }) do
  local original = io[name]
  if original then
    io[name] = function(path, ...)
      if type(path) == "string" and not allowed(path, read_roots) then refuse("read", path) end
      return original(path, ...)
    end
  end
end
for _, name in ipairs({ "savedata", "copy", "appendfile" }) do
  local original = io[name]
  if original then
    io[name] = function(path, ...)
      if not allowed(path, write_roots) then refuse("write", path) end
      return original(path, ...)
    end
  end
end

function loadfile(path, ...)
  if not allowed(path, read_roots) then refuse("load", path) end
  return loadfile_(path, ...)
end
function dofile(path)
  local chunk = assert(loadfile(path))
  return chunk()
end
function load(chunk, name, mode, env)  -- text only: bytecode can break out of Lua itself
  return load_(chunk, name, "t", env)
end

local function none(name)
  return function() refuse("call", name) end
end
for _, name in ipairs({ "execute", "exec", "spawn", "kpsepopen", "setenv", "tmpdir", "tmpname" }) do
  if os[name] then os[name] = none("os." .. name) end
end
io.popen = none("io.popen")
io.tmpfile = none("io.tmpfile")
local os_remove, os_rename = os.remove, os.rename
function os.remove(path)
  if not allowed(path, write_roots) then refuse("remove", path) end
  return os_remove(path)
end
function os.rename(from, to)
  if not (allowed(from, write_roots) and allowed(to, write_roots)) then refuse("rename", from) end
  return os_rename(from, to)
end
for _, name in ipairs({ "mkdir", "rmdir", "touch", "lock" }) do  -- the font cache may need them
  local original = lfs[name]
  if original then
    lfs[name] = function(path, ...)
      if not allowed(path, write_roots) then refuse("change", path) end
      return original(path, ...)
    end
  end
end
for _, name in ipairs({ "chdir", "link" }) do
  if lfs[name] then lfs[name] = none("lfs." .. name) end
end
for _, name in ipairs({ "dir", "attributes", "symlinkattributes" }) do
  local original = lfs[name]
  if original then
    lfs[name] = function(path, ...)
      if not allowed(path, read_roots) then refuse("look at", path) end
      return original(path, ...)
    end
  end
end
-- the environment: only what the typesetting reads
local os_getenv = os.getenv
local readable_env = { SOURCE_DATE_EPOCH = true, FORCE_SOURCE_DATE = true, TEXMFCACHE = true,
                       TEXMFVAR = true, HOME = true, TMPDIR = true, TEMP = true, TMP = true }
function os.getenv(name)
  if readable_env[name] then return os_getenv(name) end
  return nil
end
if package then
  package.loadlib = none("package.loadlib")
  package.cpath = ""
  if package.searchers then package.searchers[3], package.searchers[4] = nil, nil end
end
-- MetaPost reads and writes files of its own (readfrom, write … to)
mplib = nil
ffi, socket, mime = nil, nil, nil
local stub = { traceback = debug and debug.traceback }
debug = stub
if package and package.loaded then
  package.loaded.debug = stub  -- require("debug") gives the stub too
  package.loaded.mplib, package.loaded.ffi, package.loaded.socket = nil, nil, nil
  if package.preload then
    package.preload.mplib, package.preload.ffi, package.preload.socket = nil, nil, nil
  end
end
