-- Drives the server from Neovim's built-in LSP client (0.7+ API), headless; see neovim.test.ts.
local server = assert(os.getenv('WALKTHROUGHS_SERVER'))
local root = assert(os.getenv('WALKTHROUGHS_ROOT'))
local client_id = vim.lsp.start_client({
  name = 'walkthroughs',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
  settings = { walkthroughs = { codeLens = { enabled = true } } },
  init_options = { codicons = false },
})
local out = {}
local function log(s) table.insert(out, s) end
vim.cmd('edit ' .. root .. '/handler/inventory.go')
vim.lsp.buf_attach_client(0, client_id)
vim.wait(3000, function() local c = vim.lsp.get_client_by_id(client_id); return c and c.initialized end)
local res = vim.lsp.buf_request_sync(0, 'textDocument/codeLens', { textDocument = vim.lsp.util.make_text_document_params() }, 5000)
for _, r in pairs(res or {}) do
  for _, lens in ipairs(r.result or {}) do log(('lens %d: %s'):format(lens.range.start.line, lens.command.title)) end
end
local hov = vim.lsp.buf_request_sync(0, 'textDocument/hover', { textDocument = vim.lsp.util.make_text_document_params(), position = { line = 9, character = 2 } }, 5000)
for _, r in pairs(hov or {}) do log('hover: ' .. vim.split(r.result.contents.value, '\n')[1]) end
-- Edit the buffer (incremental sync from Neovim) and see the lens move.
vim.api.nvim_buf_set_lines(0, 0, 0, false, { '// one', '// two' })
res = vim.lsp.buf_request_sync(0, 'textDocument/codeLens', { textDocument = vim.lsp.util.make_text_document_params() }, 5000)
for _, r in pairs(res or {}) do
  for _, lens in ipairs(r.result or {}) do if lens.command.title:find('Sell') then log(('after edit: %d: %s'):format(lens.range.start.line, lens.command.title)) end end
end
vim.cmd('edit ' .. root .. '/reback.walkthrough.yaml')
vim.lsp.buf_attach_client(0, client_id)
vim.wait(1000, function() return #vim.diagnostic.get(0) > 0 end)
for _, d in ipairs(vim.diagnostic.get(0)) do log(('diag %d: %s %s'):format(d.lnum, d.code or '?', d.message:sub(1, 40))) end
vim.fn.writefile(out, assert(os.getenv('WALKTHROUGHS_OUT')))
vim.cmd('qa!')
