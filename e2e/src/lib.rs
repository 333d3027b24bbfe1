//! Harness for end-to-end tests of the real desktop app through WebDriver.
//!
//! [`App::start`] starts `tauri-driver` (which drives Debian's
//! `WebKitWebDriver`) on two free ports, with `FERRY_LIBRARY` pointing at a
//! fresh temporary library and `XDG_CONFIG_HOME` at a fresh settings folder
//! (the driver passes its environment on to the app it launches), and opens
//! a WebDriver session whose `tauri:options.application` is the built
//! `ferry-desktop`. [`App::close`] ends the session and stops the driver with
//! SIGTERM (so it also stops `WebKitWebDriver` and the app); dropping an
//! [`App`] does the same for the driver.
//!
//! The tests need a display (run them under `xvfb-run`) and a built app
//! (`cargo build -p ferry-desktop`; `FERRY_DESKTOP_APP` may name another
//! binary). Without a display they are skipped, unless `FERRY_E2E_REQUIRED`
//! is set, which turns the skip into a failure (`test.sh` sets it).
//!
//! Helpers: [`App::invoke`] calls a Tauri command through the page's IPC,
//! [`App::screenshot`] writes `target/e2e-screenshots/<name>.png`,
//! [`App::seed`] imports exports into the test library through the app's own
//! command-line mode, [`fixture`] names a file of the project's `fixtures/`.

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use serde_json::{Value, json};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini;

/// How long to wait for the driver, the window or an element.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// How long a screenshot may take.
pub const SCREENSHOT_TIMEOUT: Duration = Duration::from_secs(60);

/// A page script that changes one transparent pixel every animation frame
/// (started once per page), so the page always has a next paint.
const KEEP_PAINTING: &str = r#"
    if (!window.__ferryKeepPainting) {
        const dot = document.createElement('div');
        dot.setAttribute('aria-hidden', 'true');
        dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none';
        document.documentElement.appendChild(dot);
        let n = 0;
        const tick = () => {
            n += 1;
            dot.style.background = n % 2 ? 'rgba(0,0,0,0.01)' : 'rgba(0,0,0,0.02)';
            requestAnimationFrame(tick);
        };
        window.__ferryKeepPainting = requestAnimationFrame(tick);
    }
"#;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The cargo target folder (`CARGO_TARGET_DIR` or `<workspace>/target`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}

/// A file of the project's `fixtures/` folder.
pub fn fixture(relative: &str) -> PathBuf {
    workspace().join("fixtures").join(relative)
}

/// The app under test: `FERRY_DESKTOP_APP`, else the debug build.
pub fn app_binary() -> anyhow::Result<PathBuf> {
    let path = std::env::var_os("FERRY_DESKTOP_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("ferry-desktop"));
    path.canonicalize().with_context(|| {
        format!(
            "{}: not built (run `cargo build -p ferry-desktop` first)",
            path.display()
        )
    })
}

/// True when the tests must be skipped: no display, and
/// `FERRY_E2E_REQUIRED` is not set. Panics when it is set and there is no
/// display, so a CI run cannot pass without running them.
pub fn skip_without_display() -> bool {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
    if has_display {
        return false;
    }
    assert!(
        std::env::var_os("FERRY_E2E_REQUIRED").is_none(),
        "FERRY_E2E_REQUIRED is set but there is no display (run under xvfb-run)"
    );
    eprintln!("skipped: no display (run under xvfb-run to test the real app)");
    true
}

/// `tauri-driver`: `TAURI_DRIVER`, else on `PATH`, else `~/.cargo/bin`.
fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("tauri-driver"))
        .find(|p| p.is_file());
    on_path
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| Path::new(&h).join(".cargo/bin/tauri-driver"))
                .filter(|p| p.is_file())
        })
        .unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running `tauri-driver`, stopped with SIGTERM on drop (SIGKILL would
/// leave its `WebKitWebDriver` child running).
#[derive(Debug)]
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The app under test, with its own driver and temporary library.
#[derive(Debug)]
pub struct App {
    pub client: Client,
    library: PathBuf,
    _temp_library: Option<tempfile::TempDir>,
    _config: tempfile::TempDir,
    driver: Option<Driver>,
}

impl App {
    /// Starts the app on a fresh, empty library.
    pub async fn start() -> anyhow::Result<App> {
        App::start_with(|_| Ok(())).await
    }

    /// Starts the app after `prepare` has filled the fresh library folder
    /// (e.g. with [`seed`]).
    pub async fn start_with(
        prepare: impl FnOnce(&Path) -> anyhow::Result<()>,
    ) -> anyhow::Result<App> {
        let temp = tempfile::tempdir()?;
        prepare(temp.path())?;
        App::launch(temp.path().to_path_buf(), Some(temp)).await
    }

    /// Starts the app on an existing library folder (benchmarks).
    pub async fn start_on(library: &Path) -> anyhow::Result<App> {
        App::launch(library.to_path_buf(), None).await
    }

    async fn launch(
        library: PathBuf,
        temp_library: Option<tempfile::TempDir>,
    ) -> anyhow::Result<App> {
        let app = app_binary()?;
        let config = tempfile::tempdir()?;
        let (port, native_port) = (free_port()?, free_port()?);
        let child = Command::new(tauri_driver())
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("FERRY_LIBRARY", &library)
            .env("XDG_CONFIG_HOME", config.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .context("cannot start tauri-driver (cargo install tauri-driver --locked)")?;
        let driver = Driver(child);
        let deadline = Instant::now() + TIMEOUT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("tauri-driver did not listen on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .context("cannot open a WebDriver session on the app")?;
        Ok(App {
            client,
            library,
            _temp_library: temp_library,
            _config: config,
            driver: Some(driver),
        })
    }

    /// The app's library folder.
    pub fn library(&self) -> &Path {
        &self.library
    }

    /// Calls a Tauri command through the page's IPC, as the front end does.
    /// A failed command becomes an error holding its `{code, message}`.
    pub async fn invoke(&self, command: &str, args: Value) -> anyhow::Result<Value> {
        match self.try_invoke(command, args).await? {
            Ok(v) => Ok(v),
            Err(e) => bail!("{command} failed: {e}"),
        }
    }

    /// Like [`App::invoke`], but a failed command is `Ok(Err(error))`, the
    /// error value the front end receives (`{code, message}`).
    pub async fn try_invoke(
        &self,
        command: &str,
        args: Value,
    ) -> anyhow::Result<Result<Value, Value>> {
        let script = r#"
            const [cmd, args, done] = arguments;
            window.__TAURI_INTERNALS__.invoke(cmd, args)
                .then(ok => done({ ok: ok === undefined ? null : ok }), err => done({ err }));
        "#;
        let out = self
            .client
            .execute_async(script, vec![json!(command), args])
            .await
            .with_context(|| format!("invoke {command}"))?;
        match out {
            Value::Object(mut o) => match (o.remove("ok"), o.remove("err")) {
                (Some(ok), _) => Ok(Ok(ok)),
                (_, Some(err)) => Ok(Err(err)),
                _ => bail!("{command}: unexpected reply"),
            },
            other => bail!("{command}: unexpected reply {other}"),
        }
    }

    /// Waits for an element matching a CSS selector.
    pub async fn wait_for(&self, css: &str) -> anyhow::Result<Element> {
        self.client
            .wait()
            .at_most(TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element {css}"))
    }

    /// Saves a screenshot of the window as `target/e2e-screenshots/<name>.png`.
    /// A screenshot that does not come back within [`SCREENSHOT_TIMEOUT`]
    /// fails the test instead of hanging it.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        // Without accelerated compositing, WebKitWebDriver answers a
        // screenshot after the page's next paint, and a page with nothing
        // to repaint never paints: keep one invisible pixel changing.
        self.client.execute(KEEP_PAINTING, vec![]).await?;
        let png = tokio::time::timeout(SCREENSHOT_TIMEOUT, self.client.screenshot())
            .await
            .with_context(|| {
                format!(
                    "screenshot {name}: the WebDriver did not answer within {} s",
                    SCREENSHOT_TIMEOUT.as_secs()
                )
            })??;
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the session and stops the driver (and with it the app).
    pub async fn close(mut self) -> anyhow::Result<()> {
        let closed = self.client.clone().close().await;
        drop(self.driver.take());
        closed.context("closing the WebDriver session")
    }
}

/// Imports `paths` into the library `dir` with the app binary's command-line
/// mode (`ferry-desktop --library DIR import PATH...`).
pub fn seed(dir: &Path, paths: &[PathBuf]) -> anyhow::Result<()> {
    let out = Command::new(app_binary()?)
        .arg("--library")
        .arg(dir)
        .arg("import")
        .args(["--tz", "UTC"])
        .args(paths)
        .stdin(Stdio::null())
        .output()?;
    if !out.status.success() {
        bail!(
            "seeding failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
