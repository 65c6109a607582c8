//! A one-line progress display on standard error for long scans: files read and findings so
//! far. Only on a terminal, never in CI or with `--quiet`, and wiped before any output.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use trustlint_engine::Progress;

/// Whether to show progress: a terminal, not CI, not `--quiet`.
pub fn wanted(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// The running display; dropping it stops and erases it.
pub struct Display {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Display {
    pub fn start(progress: Arc<Progress>) -> Display {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            // Short scans never show anything.
            std::thread::sleep(Duration::from_millis(300));
            let mut shown = false;
            while !flag.load(Relaxed) {
                let files = progress.files.load(Relaxed);
                let hits = progress.hits.load(Relaxed);
                eprint!("\r\x1b[2Ktrustlint: {files} files read, {hits} findings so far");
                let _ = std::io::stderr().flush();
                shown = true;
                std::thread::sleep(Duration::from_millis(120));
            }
            if shown {
                eprint!("\r\x1b[2K");
                let _ = std::io::stderr().flush();
            }
        });
        Display {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        self.stop.store(true, Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
