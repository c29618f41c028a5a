//! End-to-end tests of the `tilbake` binary: the real command, real files,
//! real exit codes and output streams.

mod backup_cli;
mod browser;
mod crash_loop;
mod demo_cli;
mod durability;
mod followup_cli;
mod followup_text_cli;
mod load;
mod notify_cli;
mod recompute_cli;
mod service_cli;
mod stats_cli;

use std::path::PathBuf;

/// The workspace root, where `examples/` lives.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

pub fn tilbake() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("tilbake").unwrap()
}
