//! The deployment files in `deploy/`: the systemd unit is valid and hardened as systemd
//! itself measures it.

use std::process::Command;

/// `systemd-analyze verify` accepts the unit (with `ExecStart` pointing at this build's
/// binary), and `systemd-analyze security` rates its exposure at most 2.0 ("OK").
#[test]
fn the_systemd_unit_is_valid_and_hardened() {
    if Command::new("systemd-analyze").arg("--version").output().is_err() {
        assert!(std::env::var("CI").is_err(), "CI machines have systemd-analyze (Debian's systemd)");
        eprintln!("skipping: no systemd-analyze");
        return;
    }
    let unit = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../deploy/dateline.service")).unwrap();
    let folder = crate::support::TempDir::new();
    let file = folder.path().join("dateline.service");
    std::fs::write(&file, unit.replace("/usr/local/bin/dateline", env!("CARGO_BIN_EXE_dateline"))).unwrap();
    let verify = Command::new("systemd-analyze").arg("verify").arg(&file).output().unwrap();
    let said = String::from_utf8_lossy(&verify.stderr).to_string();
    assert!(verify.status.success() && said.trim().is_empty(), "systemd-analyze verify:\n{said}");
    let security = Command::new("systemd-analyze").args(["security", "--offline=yes"]).arg(&file).output().unwrap();
    let report = format!("{}{}", String::from_utf8_lossy(&security.stdout), String::from_utf8_lossy(&security.stderr));
    let level: f64 = report
        .split("Overall exposure level for dateline.service: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in:\n{report}"));
    assert!(level <= 2.0, "exposure {level}:\n{report}");
}
