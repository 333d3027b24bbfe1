//! Progress bars on stderr (drawn only when stderr is a terminal).

use ferry_core::{Phase, Progress, ProgressUpdate};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Mutex;

/// Draws one bar per phase and label; replaces it when either changes.
#[derive(Debug)]
pub struct Bar {
    state: Mutex<Option<(Phase, String, ProgressBar)>>,
    quiet: bool,
}

impl Bar {
    /// `quiet` hides the bar whatever stderr is.
    pub fn new(quiet: bool) -> Self {
        Bar {
            state: Mutex::new(None),
            quiet,
        }
    }

    /// Clears the current bar.
    pub fn finish(&self) {
        if let Ok(mut s) = self.state.lock()
            && let Some((_, _, bar)) = s.take()
        {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn update(&self, u: &ProgressUpdate) {
        if self.quiet {
            return;
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let same = matches!(&*state, Some((p, l, _)) if *p == u.phase && *l == u.label);
        if !same {
            if let Some((_, _, old)) = state.take() {
                old.finish_and_clear();
            }
            let bar = ProgressBar::with_draw_target(Some(u.total), ProgressDrawTarget::stderr());
            let verb = match u.phase {
                Phase::Scanning => "scanning",
                Phase::Importing => "importing",
                Phase::Indexing => "indexing",
                Phase::Exporting => "exporting",
            };
            let template = if u.phase == Phase::Importing {
                "{prefix:>10} {msg:30!} [{bar:30}] {binary_bytes}/{binary_total_bytes} {eta}"
            } else {
                "{prefix:>10} {msg:30!} [{bar:30}] {pos}/{len} {eta}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(verb);
            bar.set_message(u.label.clone());
            *state = Some((u.phase, u.label.clone(), bar));
        }
        if let Some((_, _, bar)) = &*state {
            bar.set_length(u.total);
            bar.set_position(u.done);
        }
    }
}
