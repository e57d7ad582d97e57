// Zed's side of vigil: start `vigil lsp`, from the path and arguments set in
// Zed's settings under lsp.vigil.binary, else from PATH. Everything else is
// the server's.
use zed_extension_api::{self as zed, settings::LspSettings};

struct VigilExtension;

impl zed::Extension for VigilExtension {
    fn new() -> Self {
        VigilExtension
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let binary = LspSettings::for_worktree("vigil", worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let command = binary
            .as_ref()
            .and_then(|binary| binary.path.clone())
            .or_else(|| worktree.which("vigil"))
            .ok_or_else(|| "vigil is not on PATH: install it, or set lsp.vigil.binary.path".to_string())?;
        let args = binary
            .and_then(|binary| binary.arguments)
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        Ok(zed::Command {
            command,
            args,
            env: Default::default(),
        })
    }
}

zed::register_extension!(VigilExtension);
