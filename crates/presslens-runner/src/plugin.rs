//! Runtime plugins named in a config's `[plugins]` table.

use crate::config::PluginSpec;
use crate::diagnostic::{Diagnostic, Report};
use crate::registry::Registry;

/// Load the plugin libraries and register their stage types.
pub(crate) fn register_plugins(
    plugins: &[PluginSpec],
    _registry: &mut Registry,
    report: &mut Report,
) {
    for p in plugins {
        report.diagnostics.push(
            Diagnostic::error(
                format!("cannot load `{}`: this build of presslens does not load runtime plugins yet", p.path.display()),
                p.span.clone(),
            )
            .with_help("compile the stage in instead: register it on a `Registry` and build your own binary"),
        );
    }
}
