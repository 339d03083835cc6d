//! `--cpu` and `XLATE_CPU`: which of the model's kernel paths runs, capped
//! at what the CPU has. One [`CpuPath`] is chosen when an engine (or `xlate
//! model bench`) is built — the flag, else the variable, else the best this
//! CPU runs — and held process-wide, so that every path can be run and
//! tested on one machine and users can pin one when they must.
//!
//! - `avx512`: our AVX-512 kernels (bf16 prefill where the CPU has AVX-512
//!   BF16, VNNI decode), see [`super::bf16`] and [`super::matvec`].
//! - `avx2`: f32 prefill over dequantized bands by our own AVX2 + FMA
//!   kernel (see [`super::band_avx2`]), and our decode kernels for Q8_0,
//!   Q5_0, Q4_K and Q6_K on AVX2, FMA and F16C: no kernel of a prompt of
//!   16 tokens or more, nor of decode, runs AVX-512 code on this path, also
//!   where the CPU has it (the C library's `memset` and `memcpy` still pick
//!   their code by CPUID).
//! - `neon` (aarch64): f32 prefill over bands by `gemm`, and our decode
//!   kernels for Q8_0 and Q4_K; Q5_0 goes through Q8_0 and Q6_K to candle
//!   there.
//! - `generic`: candle's quantized kernels for everything, as built for the
//!   target's baseline; nothing of ours that needs more than it.
//!
//! The choice is process-wide rather than per model because the kernels
//! are picked deep inside the forward pass; it is set once before the
//! model loads (see [`select`]) and the engine's fingerprint names it (see
//! [`super::kernels`]), so cached answers never mix paths.

use std::sync::atomic::{AtomicU8, Ordering};

/// A kernel path, from the most demanding to the one every CPU runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CpuPath {
    Avx512,
    Avx2,
    Neon,
    Generic,
}

/// The environment variable read when `--cpu` is not given.
pub const ENV: &str = "XLATE_CPU";

/// Every path, best first.
pub const ALL: [CpuPath; 4] = [
    CpuPath::Avx512,
    CpuPath::Avx2,
    CpuPath::Neon,
    CpuPath::Generic,
];

/// Why a path cannot be used: an unknown name, or one this CPU lacks.
#[derive(Debug, thiserror::Error)]
pub enum CpuError {
    #[error("{source_name}: unknown CPU path `{value}` (valid: avx512, avx2, neon, generic; this CPU has: {has})", has = features())]
    Unknown { source_name: String, value: String },
    #[error("{source_name}: this CPU lacks {path} ({missing}); it has: {has}", path = .path.name(), has = features())]
    Lacking {
        source_name: String,
        path: CpuPath,
        missing: String,
    },
}

impl CpuPath {
    /// The name `--cpu` takes and reports print.
    pub fn name(self) -> &'static str {
        match self {
            CpuPath::Avx512 => "avx512",
            CpuPath::Avx2 => "avx2",
            CpuPath::Neon => "neon",
            CpuPath::Generic => "generic",
        }
    }

    fn from_name(name: &str) -> Option<CpuPath> {
        ALL.into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The CPU features this path needs, as `is_x86_feature_detected!`
    /// spells them; the AVX-512 path is what our VNNI decode kernels need
    /// (bf16 prefill checks AVX-512 BF16 on its own, see
    /// [`super::bf16::available`]).
    fn needs(self) -> &'static [&'static str] {
        match self {
            CpuPath::Avx512 => &["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512vnni"],
            CpuPath::Avx2 => &["avx2", "fma", "f16c"],
            CpuPath::Neon => &["neon"],
            CpuPath::Generic => &[],
        }
    }

    /// The features of [`CpuPath::needs`] this CPU lacks.
    fn missing(self) -> Vec<&'static str> {
        self.needs()
            .iter()
            .copied()
            .filter(|f| !has_feature(f))
            .collect()
    }

    /// Whether this CPU runs the path.
    pub fn supported(self) -> bool {
        self.missing().is_empty()
    }

    /// The best path this CPU runs.
    pub fn detect() -> CpuPath {
        ALL.into_iter()
            .find(|p| p.supported())
            .unwrap_or(CpuPath::Generic)
    }
}

impl std::fmt::Display for CpuPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether this CPU has `feature` (one of the names [`CpuPath::needs`] uses).
fn has_feature(feature: &str) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        match feature {
            "avx512f" => is_x86_feature_detected!("avx512f"),
            "avx512bw" => is_x86_feature_detected!("avx512bw"),
            "avx512dq" => is_x86_feature_detected!("avx512dq"),
            "avx512vl" => is_x86_feature_detected!("avx512vl"),
            "avx512vnni" => is_x86_feature_detected!("avx512vnni"),
            "avx512bf16" => is_x86_feature_detected!("avx512bf16"),
            "avx2" => is_x86_feature_detected!("avx2"),
            "fma" => is_x86_feature_detected!("fma"),
            "f16c" => is_x86_feature_detected!("f16c"),
            _ => false,
        }
    }
    #[cfg(target_arch = "aarch64")]
    {
        match feature {
            "neon" => std::arch::is_aarch64_feature_detected!("neon"),
            _ => false,
        }
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        let _ = feature;
        false
    }
}

/// The features that matter here that this CPU has, for messages:
/// `avx2 fma f16c`, say, or `none of avx2, fma, f16c, avx512*` elsewhere.
pub fn features() -> String {
    let names = [
        "avx512f",
        "avx512bw",
        "avx512dq",
        "avx512vl",
        "avx512vnni",
        "avx512bf16",
        "avx2",
        "fma",
        "f16c",
        "neon",
    ];
    let has: Vec<&str> = names.into_iter().filter(|f| has_feature(f)).collect();
    if has.is_empty() {
        format!("none of {} ({})", names.join(", "), std::env::consts::ARCH)
    } else {
        has.join(" ")
    }
}

/// `--cpu`'s value parser: a known name, whether or not this CPU runs it
/// (that is [`select`]'s check, made where the message can say so).
pub fn parse(text: &str) -> Result<CpuPath, String> {
    CpuPath::from_name(text).ok_or_else(|| {
        CpuError::Unknown {
            source_name: "--cpu".into(),
            value: text.into(),
        }
        .to_string()
    })
}

/// The path `flag` (`--cpu`), else `XLATE_CPU`, else detection asks for,
/// refused when unknown or beyond this CPU.
pub fn resolve(flag: Option<CpuPath>) -> Result<CpuPath, CpuError> {
    resolve_from(flag, std::env::var(ENV).ok().as_deref())
}

fn resolve_from(flag: Option<CpuPath>, env: Option<&str>) -> Result<CpuPath, CpuError> {
    let (path, source_name) = match (flag, env.filter(|v| !v.trim().is_empty())) {
        (Some(path), _) => (path, "--cpu".to_string()),
        (None, Some(value)) => (
            CpuPath::from_name(value).ok_or_else(|| CpuError::Unknown {
                source_name: ENV.into(),
                value: value.into(),
            })?,
            ENV.to_string(),
        ),
        (None, None) => return Ok(CpuPath::detect()),
    };
    let missing = path.missing();
    if missing.is_empty() {
        Ok(path)
    } else {
        Err(CpuError::Lacking {
            source_name: format!("{source_name} {}", path.name()),
            path,
            missing: missing.join(", "),
        })
    }
}

/// 0: nothing selected yet; else 1 + the index in [`ALL`].
static SELECTED: AtomicU8 = AtomicU8::new(0);

/// Resolves the path (see [`resolve`]) and makes it the process's, before a
/// model loads. A later call replaces it (a test building engines on
/// several paths, one after another); models already loaded keep the
/// weights' layout they were loaded with but run the new path's kernels.
pub fn select(flag: Option<CpuPath>) -> Result<CpuPath, CpuError> {
    let path = resolve(flag)?;
    set(path);
    Ok(path)
}

/// Makes `path` the process's; the caller has checked it is supported.
pub fn set(path: CpuPath) {
    let index = ALL.iter().position(|p| *p == path).unwrap_or(ALL.len() - 1);
    SELECTED.store(index as u8 + 1, Ordering::Relaxed);
}

#[cfg(test)]
thread_local! {
    /// A test's own path, on its own thread: the unit tests run in
    /// parallel in one process, and must not switch each other's kernels.
    static OVERRIDE: std::cell::Cell<Option<CpuPath>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with `path` as this thread's path (tests only: the kernels are
/// picked on the calling thread before work goes to the pool).
#[cfg(test)]
pub(crate) fn with_path<R>(path: CpuPath, f: impl FnOnce() -> R) -> R {
    let before = OVERRIDE.with(|o| o.replace(Some(path)));
    let out = f();
    OVERRIDE.with(|o| o.set(before));
    out
}

/// The paths this CPU runs, best first (for tests and the bench).
pub fn supported() -> Vec<CpuPath> {
    ALL.into_iter().filter(|p| p.supported()).collect()
}

/// The path the kernels take now: the one selected, else the best this CPU
/// runs.
pub fn active() -> CpuPath {
    #[cfg(test)]
    if let Some(path) = OVERRIDE.with(|o| o.get()) {
        return path;
    }
    global()
}

/// The process's path, whatever a test's thread overrides.
fn global() -> CpuPath {
    match SELECTED.load(Ordering::Relaxed) {
        0 => CpuPath::detect(),
        n => ALL[(n as usize - 1).min(ALL.len() - 1)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused_naming_the_cpu() {
        for path in ALL {
            assert_eq!(parse(path.name()), Ok(path));
        }
        assert_eq!(parse("AVX2"), Ok(CpuPath::Avx2));
        let err = parse("sse9").unwrap_err();
        assert!(err.contains("unknown CPU path `sse9`"), "{err}");
        assert!(err.contains("this CPU has:"), "{err}");
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        assert_eq!(
            resolve_from(Some(CpuPath::Generic), Some("avx512")).unwrap(),
            CpuPath::Generic
        );
        // An unusable variable does not matter when the flag is given.
        assert_eq!(
            resolve_from(Some(CpuPath::Generic), Some("bogus")).unwrap(),
            CpuPath::Generic
        );
        assert_eq!(
            resolve_from(None, Some("generic")).unwrap(),
            CpuPath::Generic
        );
        assert_eq!(resolve_from(None, None).unwrap(), CpuPath::detect());
        assert_eq!(resolve_from(None, Some(" ")).unwrap(), CpuPath::detect());
        let err = resolve_from(None, Some("bogus")).unwrap_err().to_string();
        assert!(
            err.starts_with("XLATE_CPU: unknown CPU path `bogus`"),
            "{err}"
        );
    }

    /// A path the CPU lacks is refused, naming what is missing and what
    /// the CPU has, rather than running kernels that would fault.
    #[test]
    fn a_path_beyond_this_cpu_is_refused() {
        for path in ALL {
            match resolve_from(Some(path), None) {
                Ok(p) => {
                    assert_eq!(p, path);
                    assert!(path.supported());
                }
                Err(err) => {
                    assert!(!path.supported());
                    let text = err.to_string();
                    assert!(text.contains(&format!("lacks {}", path.name())), "{text}");
                    assert!(text.contains("it has:"), "{text}");
                }
            }
        }
        assert!(CpuPath::Generic.supported());
        assert!(supported().contains(&CpuPath::detect()));
    }

    #[test]
    fn a_thread_override_is_seen_on_that_thread_only() {
        with_path(CpuPath::Generic, || {
            assert_eq!(active(), CpuPath::Generic);
            let (other, process) = std::thread::spawn(|| (active(), global())).join().unwrap();
            assert_eq!(other, process);
        });
    }
}
