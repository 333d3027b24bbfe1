//! How the window renders on Linux. WebKitGTK composites every frame through
//! OpenGL. Without a GPU render node (`/dev/dri/renderD*`: virtual machines,
//! remote and virtual displays) that GL is a software rasteriser, and going
//! through it costs tens of milliseconds a frame: under Xvfb a frame of the
//! chat view took ~55 ms with compositing and ~16 ms without it (timeline
//! scrolling at ~18 frames per second instead of ~60). So on such machines
//! the window renders without accelerated compositing; with a GPU, WebKit's
//! own choice stays. `FERRY_WEBKIT_COMPOSITING=keep` keeps WebKit's choice
//! everywhere (to compare).

use std::path::Path;

/// The variable that keeps WebKit's compositing choice on machines without a GPU.
pub const KEEP_VAR: &str = "FERRY_WEBKIT_COMPOSITING";

/// True when `dri` (normally `/dev/dri`) holds a GPU render node.
pub fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Whether to turn accelerated compositing off: no render node, and not asked to keep it.
pub fn software_only(dri: &Path, keep: Option<&str>) -> bool {
    keep != Some("keep") && !has_render_node(dri)
}

/// Turns accelerated compositing off in every window when there is no GPU.
#[cfg(target_os = "linux")]
pub fn apply<R: tauri::Runtime>(app: &tauri::App<R>) {
    use tauri::Manager;
    let keep = std::env::var(KEEP_VAR).ok();
    if !software_only(Path::new("/dev/dri"), keep.as_deref()) {
        return;
    }
    for window in app.webview_windows().values() {
        let result = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(e) = result {
            eprintln!("ferry-desktop: could not set the rendering mode: {e}");
        }
    }
}

/// Other platforms keep the web view's own rendering.
#[cfg(not(target_os = "linux"))]
pub fn apply<R: tauri::Runtime>(_app: &tauri::App<R>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_node_present_absent_or_no_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()), "empty folder");
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(!has_render_node(dir.path()), "a card without a render node");
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
    }

    #[test]
    fn software_only_unless_a_gpu_or_asked_to_keep() {
        let none = tempfile::tempdir().unwrap();
        let gpu = tempfile::tempdir().unwrap();
        std::fs::write(gpu.path().join("renderD128"), b"").unwrap();
        assert!(software_only(none.path(), None));
        assert!(software_only(none.path(), Some("")));
        assert!(!software_only(none.path(), Some("keep")));
        assert!(!software_only(gpu.path(), None));
    }
}
