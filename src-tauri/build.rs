//! Generates the Tauri context (config, capabilities, embedded `ui/dist`).

fn main() {
    tauri_build::build()
}
