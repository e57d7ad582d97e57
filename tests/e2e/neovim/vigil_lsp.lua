-- Drives `vigil lsp` from headless Neovim with its built-in LSP client (0.7+):
-- open, edit, save and code actions, as a person would in the editor. Writes
-- what Neovim saw (diagnostics in byte columns, buffer lines, action titles)
-- to $VIGIL_LSP_RESULT as JSON, then quits. The C++ test (neovim_test.cc)
-- plants the files and checks the result.
-- The Python ftplugin probes for a Python provider, which takes seconds.
vim.g.loaded_python3_provider = 0

local function env(name)
  local value = os.getenv(name)
  assert(value and value ~= '', name .. ' is not set')
  return value
end

local root = env('VIGIL_LSP_ROOT')
local vigil = env('VIGIL_BINARY')
local first_file = env('VIGIL_LSP_FILE')
local second_file = env('VIGIL_LSP_SECOND_FILE')
local result_path = env('VIGIL_LSP_RESULT')
local result = {}

local function summarize(diagnostics)
  local out = {}
  for _, d in ipairs(diagnostics) do
    table.insert(out, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, message = d.message,
      code = d.code, source = d.source, severity = d.severity,
    })
  end
  return out
end

local function wait_for(bufnr, what, predicate)
  local ok = vim.wait(20000, function() return predicate(vim.diagnostic.get(bufnr)) end, 10)
  assert(ok, 'timed out waiting for ' .. what .. '; diagnostics: ' .. vim.inspect(summarize(vim.diagnostic.get(bufnr))))
  return vim.diagnostic.get(bufnr)
end

local function code_actions(client_id, bufnr, line)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
    context = { diagnostics = {} },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  assert(responses and responses[client_id], 'no answer to textDocument/codeAction')
  assert(not responses[client_id].err, vim.inspect(responses[client_id].err))
  return responses[client_id].result or {}
end

local function find_action(actions, pattern)
  for _, action in ipairs(actions) do
    if action.title:find(pattern) then return action end
  end
  error('no code action matching ' .. pattern .. ' in ' .. vim.inspect(actions))
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(first_file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({ name = 'vigil', cmd = { vigil, 'lsp' }, root_dir = root })
  assert(client_id, 'vim.lsp.start_client failed')
  assert(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client failed')
  local client = vim.lsp.get_client_by_id(client_id)

  -- 1. Open: the secret is flagged where it is.
  result.open = summarize(wait_for(buf, 'diagnostics after opening', function(d) return #d == 1 end))

  -- 2. Edit (an incremental didChange): a line above moves the finding down.
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { '# a line typed above' })
  result.edit = summarize(wait_for(buf, 'the finding to move', function(d) return #d == 1 and d[1].lnum == 2 end))

  -- 3. Save (didSave): still flagged.
  vim.cmd('write')

  -- 4. Hover on the secret (the position in UTF-16 units, the negotiated encoding).
  local _, utf16 = vim.str_utfindex(vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1], result.edit[1].col + 2)
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 2, character = utf16 },
  }, 10000)
  result.hover = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents.value or ''

  -- 5. "Allow this line": the comment goes in, the diagnostic goes away.
  local actions = code_actions(client_id, buf, 2)
  result.titles = {}
  for _, action in ipairs(actions) do table.insert(result.titles, action.title) end
  vim.lsp.util.apply_workspace_edit(find_action(actions, 'allow this line').edit, client.offset_encoding)
  wait_for(buf, 'the allowed finding to clear', function(d) return #d == 0 end)
  vim.cmd('write')
  result.buffer = vim.api.nvim_buf_get_lines(buf, 0, -1, false)

  -- 6. "Ignore this finding everywhere" in a second file: .vigilignore is
  -- created by the workspace edit; saving it (the client attached to it, so
  -- the server hears the didSave) reloads the workspace and clears the finding.
  vim.cmd('edit ' .. vim.fn.fnameescape(second_file))
  local second = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(second, client_id)
  local found = wait_for(second, 'diagnostics in the second file', function(d) return #d == 1 end)
  result.second = summarize(found)
  local ignore = find_action(code_actions(client_id, second, found[1].lnum), 'ignore this finding everywhere')
  vim.lsp.util.apply_workspace_edit(ignore.edit, client.offset_encoding)
  local ignore_buf = vim.fn.bufnr(root .. '/.vigilignore')
  assert(ignore_buf > 0, '.vigilignore was not opened by the workspace edit')
  vim.lsp.buf_attach_client(ignore_buf, client_id)
  vim.cmd('wall')
  wait_for(second, 'the ignored finding to clear', function(d) return #d == 0 end)
  result.vigilignore = vim.api.nvim_buf_get_lines(ignore_buf, 0, -1, false)

  vim.lsp.stop_client(client_id)
end

local ok, err = pcall(run)
result.ok = ok
result.error = ok and vim.NIL or tostring(err)
local file = assert(io.open(result_path, 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
