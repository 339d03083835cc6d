//! The translation cache: what one segment's attempt gave (the accepted code
//! or the reasons it failed), stored under a BLAKE3 key over everything that
//! can change it, so that a re-run on an unchanged tree calls no engine.
//!
//! The attempts of one source file are kept together in one pack, a file
//! under `<dir>/v<FORMAT>/<2 hex>/<pack key>.json`, where the pack key covers
//! the file's path, the languages and the engines. One file per source file,
//! not per unit: creating a file costs about 0.3 ms on an ordinary disk,
//! which for a tree of 1,200 files and 7,200 units made the cache cost more
//! than the identity engine's whole run, and a CI cache of millions of tiny
//! files is slow to save and restore. Within a pack each attempt is looked
//! up by its unit key, so editing one function retranslates that function.
//!
//! Packs are written through a temporary file and a rename, and open with a
//! header line that carries the format version and a checksum of the rest; a
//! pack that is truncated, corrupt or from another format is ignored (its
//! units are misses) and replaced.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::engine::{Engine, ExplainRequest, Explanation, SupportCode, TranslationRequest};
use crate::report::{CacheStats, UnitReport};

/// Bumped when the entry layout or what a key covers changes: old entries are
/// then never read (they live under another folder).
pub const FORMAT: u32 = 2;

/// Opens every entry file, before the checksum of what follows.
const MAGIC: &str = "xlate-cache";

/// Names the directory every run uses when given no `--cache` (and `eval`
/// when given no `--cache-dir`): one variable keeps a test suite or a CI job
/// away from the user's `~/.cache/xlate` without a flag on every command.
pub const CACHE_DIR_ENV: &str = "XLATE_CACHE_DIR";

/// `$XLATE_CACHE_DIR`, unless unset or empty.
pub fn dir_from_env() -> Option<PathBuf> {
    std::env::var_os(CACHE_DIR_ENV)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// Why the cache directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{path}: cannot create the cache directory: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "no cache directory is known for this user; give one with --cache DIR or use --no-cache"
    )]
    NoDefault,
}

/// What one attempt at a segment gave, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CachedAttempt {
    /// The accepted code, or the reason for the `TODO(xlate)` block.
    pub code: Result<String, String>,
    /// Names the accepted code defines, in order. Target names are chosen
    /// before translation now (see [`crate::symbols`]); this stays so that
    /// packs written before keep their layout.
    #[serde(default)]
    pub names: Vec<String>,
    /// File-level code the accepted candidate needs.
    #[serde(default)]
    pub support: Vec<SupportCode>,
    /// The unit's report as it was made; its position fields are replaced
    /// by the segment's on a hit.
    pub report: UnitReport,
    /// Where the unit was when this was stored. Reasons for a failure may
    /// name lines of the file, so a failure is reused only at the same place;
    /// an accepted translation does not depend on where the unit sits, which
    /// is why editing one function does not retranslate the ones below it.
    pub path: String,
    pub first_line: usize,
}

/// The attempts of one source file by unit key. Sorted, so that the same
/// attempts give the same bytes.
pub type Attempts = std::collections::BTreeMap<String, CachedAttempt>;

/// What is stored in a pack file after its header line.
#[derive(Serialize, Deserialize)]
struct Pack {
    /// The pack key again, so that a pack copied or renamed to the wrong
    /// place is not taken for another.
    key: String,
    attempts: Attempts,
}

/// Counts kept during a run, shared by the worker threads.
#[derive(Debug, Default)]
pub struct Counters {
    hits: AtomicUsize,
    misses: AtomicUsize,
    corrupt: AtomicUsize,
    store_errors: AtomicUsize,
    /// Why the first pack could not be stored, naming the cache directory:
    /// one failure usually means all of them (a read-only or full disk), so
    /// the first says it for the rest.
    first_store_error: std::sync::OnceLock<String>,
    engine_calls: AtomicUsize,
}

impl Counters {
    pub fn hit(&self) {
        self.hits.fetch_add(1, Ordering::Relaxed);
    }

    pub fn miss(&self) {
        self.misses.fetch_add(1, Ordering::Relaxed);
    }

    /// One call to an engine's `translate` or `repair`.
    pub fn engine_call(&self) {
        self.engine_calls.fetch_add(1, Ordering::Relaxed);
    }

    pub fn stats(&self, enabled: bool) -> CacheStats {
        CacheStats {
            enabled,
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            corrupt: self.corrupt.load(Ordering::Relaxed),
            store_errors: self.store_errors.load(Ordering::Relaxed),
            store_error: self.first_store_error.get().cloned(),
            engine_calls: self.engine_calls.load(Ordering::Relaxed),
        }
    }
}

/// A cache directory.
#[derive(Debug)]
pub struct Cache {
    /// The directory as the user named it, for messages.
    dir: PathBuf,
    /// The versioned folder the entries live in.
    root: PathBuf,
}

impl Cache {
    /// The default location: `$XLATE_CACHE_DIR` when set, else `xlate`
    /// under the user's cache directory (`$XDG_CACHE_HOME` or `~/.cache` on
    /// Linux).
    pub fn default_dir() -> Result<PathBuf, CacheError> {
        if let Some(dir) = dir_from_env() {
            return Ok(dir);
        }
        dirs::cache_dir()
            .map(|d| d.join("xlate"))
            .ok_or(CacheError::NoDefault)
    }

    /// Opens (creating it if need be) the cache in `dir`.
    pub fn open(dir: &Path) -> Result<Cache, CacheError> {
        let root = dir.join(format!("v{FORMAT}"));
        fs::create_dir_all(&root).map_err(|source| CacheError::Create {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(Cache {
            dir: dir.to_path_buf(),
            root,
        })
    }

    fn pack_path(&self, key: &str) -> PathBuf {
        self.root.join(&key[..2]).join(format!("{key}.json"))
    }

    /// The attempts stored under `pack_key`: none when there is no pack;
    /// none, counted as corrupt, when the pack is unreadable, truncated or
    /// damaged (it is replaced when the file's attempts are stored).
    pub fn load(&self, pack_key: &str, counters: &Counters) -> Attempts {
        let bytes = match fs::read(self.pack_path(pack_key)) {
            Ok(bytes) => bytes,
            Err(_) => return Attempts::new(),
        };
        decode(&bytes, pack_key).unwrap_or_else(|| {
            counters.corrupt.fetch_add(1, Ordering::Relaxed);
            Attempts::new()
        })
    }

    /// Stores a file's attempts, replacing its pack. A cache that cannot be
    /// written costs speed, not correctness: the failure is counted, and the
    /// first one's reason kept for the run's warning, not raised.
    pub fn store(&self, pack_key: &str, attempts: &Attempts, counters: &Counters) {
        if let Err(err) = self.try_store(pack_key, attempts) {
            counters.store_errors.fetch_add(1, Ordering::Relaxed);
            let _ = counters.first_store_error.set(format!(
                "cannot write the cache {}: {err}",
                self.dir.display()
            ));
        }
    }

    fn try_store(&self, pack_key: &str, attempts: &Attempts) -> std::io::Result<()> {
        let pack = Pack {
            key: pack_key.to_string(),
            attempts: attempts.clone(),
        };
        let body = serde_json::to_vec(&pack).map_err(std::io::Error::other)?;
        let mut bytes = format!("{MAGIC} {FORMAT} {}\n", blake3::hash(&body).to_hex()).into_bytes();
        bytes.extend_from_slice(&body);
        self.write_entry(&self.pack_path(pack_key), &bytes)
    }

    /// Writes an entry file whole or not at all.
    fn write_entry(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir)?;
        // Temporary file and rename: a run killed at any moment leaves either
        // the old pack, the new one, or a stray temporary file, never a
        // half-written pack under the key's name.
        let mut builder = tempfile::Builder::new();
        builder.prefix(".tmp-");
        // Temporary files are private (0600) by default and the rename keeps
        // that, so a cache shared between users (a CI runner's, restored for
        // every job) could be read only by whoever wrote each pack. 0666 goes
        // to open(2), which applies the umask as for any new file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let mut tmp = builder.tempfile_in(dir)?;
        tmp.write_all(bytes)?;
        // No fsync: a killed process loses nothing the kernel has, and what
        // a power cut could tear is caught by the checksum and replaced.
        tmp.persist(path).map_err(|err| err.error)?;
        Ok(())
    }

    /// Where the explanation under `key` lives: a key space of its own
    /// (`explain/`), one small file per unit. An explanation costs a model
    /// call of seconds, so the file per entry that packs avoid for
    /// translations costs nothing here.
    fn explanation_path(&self, key: &str) -> PathBuf {
        self.root
            .join("explain")
            .join(&key[..2])
            .join(format!("{key}.json"))
    }

    /// The explanation stored under `key` ([`explain_key`]); none when
    /// there is none or it is damaged (counted as corrupt).
    pub fn load_explanation(&self, key: &str, counters: &Counters) -> Option<Explanation> {
        let bytes = fs::read(self.explanation_path(key)).ok()?;
        let found = decode_entry(&bytes).and_then(|body| {
            let entry: ExplanationEntry = serde_json::from_slice(body).ok()?;
            (entry.key == key).then_some(entry.explanation)
        });
        if found.is_none() {
            counters.corrupt.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// Stores an explanation; a failure is counted and kept as
    /// [`Cache::store`] keeps its own.
    pub fn store_explanation(&self, key: &str, explanation: &Explanation, counters: &Counters) {
        let entry = ExplanationEntry {
            key: key.to_string(),
            explanation: explanation.clone(),
        };
        let result = serde_json::to_vec(&entry)
            .map_err(std::io::Error::other)
            .and_then(|body| {
                let mut bytes =
                    format!("{MAGIC} {FORMAT} {}\n", blake3::hash(&body).to_hex()).into_bytes();
                bytes.extend_from_slice(&body);
                self.write_entry(&self.explanation_path(key), &bytes)
            });
        if let Err(err) = result {
            counters.store_errors.fetch_add(1, Ordering::Relaxed);
            let _ = counters.first_store_error.set(format!(
                "cannot write the cache {}: {err}",
                self.dir.display()
            ));
        }
    }
}

/// An explanation as stored, with its key (see [`Pack::key`]).
#[derive(Serialize, Deserialize)]
struct ExplanationEntry {
    key: String,
    explanation: Explanation,
}

/// The body of an entry file whose header and checksum are sound.
fn decode_entry(bytes: &[u8]) -> Option<&[u8]> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..newline]).ok()?;
    let body = &bytes[newline + 1..];
    let mut fields = header.split(' ');
    if fields.next()? != MAGIC || fields.next()? != FORMAT.to_string() {
        return None;
    }
    (fields.next()? == blake3::hash(body).to_hex().as_str()).then_some(body)
}

/// The key of a unit's explanation by `engine`: BLAKE3 over the request
/// (language, kind, name, source, enclosing class; not its path, so a
/// moved function keeps its explanation), the engine's name and
/// fingerprint (model identity, sampling), the explanation prompt's
/// version and xlate's. Its own key space: no translation key can equal
/// one, since the inputs differ in shape and the entries live apart.
pub fn explain_key(request: &ExplainRequest, engine: &dyn Engine) -> String {
    #[derive(Serialize)]
    struct ExplainKeyInput<'a> {
        space: &'static str,
        format: u32,
        xlate: &'static str,
        prompt: u32,
        engine: (&'a str, String),
        request: ExplainRequest,
    }
    let input = ExplainKeyInput {
        space: "explain",
        format: FORMAT,
        xlate: env!("CARGO_PKG_VERSION"),
        prompt: crate::engine::prompt::EXPLAIN_PROMPT_VERSION,
        engine: (engine.name(), engine.fingerprint()),
        request: ExplainRequest {
            path: PathBuf::new(),
            ..request.clone()
        },
    };
    // Plain data (strings, numbers, enums) cannot fail to serialize.
    let json = serde_json::to_vec(&input).expect("an explain key input serializes");
    blake3::hash(&json).to_hex().to_string()
}

/// Checks a pack's header, checksum and key, and parses it.
fn decode(bytes: &[u8], pack_key: &str) -> Option<Attempts> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..newline]).ok()?;
    let body = &bytes[newline + 1..];
    let mut fields = header.split(' ');
    if fields.next()? != MAGIC || fields.next()? != FORMAT.to_string() {
        return None;
    }
    if fields.next()? != blake3::hash(body).to_hex().as_str() {
        return None;
    }
    let pack: Pack = serde_json::from_slice(body).ok()?;
    (pack.key == pack_key).then_some(pack.attempts)
}

/// The key of the pack of the source file at `slash_path` (relative to the
/// source root): where its attempts are kept. The unit keys inside cover
/// everything else; the engines and languages are here too so that runs
/// with different settings do not replace each other's packs.
pub fn pack_key(
    slash_path: &str,
    from: crate::lang::Lang,
    to: crate::lang::Lang,
    engines: &[&dyn Engine],
) -> String {
    let engines: Vec<(&str, String)> = engines
        .iter()
        .map(|e| (e.name(), e.fingerprint()))
        .collect();
    // Plain data (strings, numbers, enums) cannot fail to serialize.
    let json = serde_json::to_vec(&(FORMAT, slash_path, from, to, engines))
        .expect("a pack key input serializes");
    blake3::hash(&json).to_hex().to_string()
}

/// What a key covers besides the request: the engines that will be tried
/// and everything about xlate that decides what is accepted.
#[derive(Serialize)]
struct KeyInput<'a> {
    format: u32,
    xlate: &'static str,
    checks: u32,
    /// How far candidates are verified (`--verify`), with the test budget
    /// when they are tested: a unit rejected by the compiler under
    /// `compile` may be written under `off`.
    verify: (
        crate::verify::VerifyLevel,
        Option<&'a crate::verify::differential::DiffSettings>,
    ),
    /// `(name, fingerprint)` of each engine in the order they are tried.
    engines: Vec<(&'a str, String)>,
    /// The request with its position blanked: the whole request, so that a
    /// field added to it later is in the key without anyone remembering to
    /// add it here.
    request: TranslationRequest,
}

/// The key of a request: BLAKE3 over the request (text, kind, name, context
/// with its signature and glossary, languages), the engines with their
/// fingerprints (model identity, sampling, prompt version), the verification
/// settings, the version of the checks and of xlate. Where the unit sits (path, line) is left out on
/// purpose; see [`CachedAttempt::path`].
pub fn key(
    request: &TranslationRequest,
    engines: &[&dyn Engine],
    verify: &crate::verify::level::VerifySettings,
) -> String {
    let input = KeyInput {
        format: FORMAT,
        xlate: env!("CARGO_PKG_VERSION"),
        checks: crate::verify::CHECKS_VERSION,
        verify: verify.key(),
        engines: engines
            .iter()
            .map(|e| (e.name(), e.fingerprint()))
            .collect(),
        request: TranslationRequest {
            path: PathBuf::new(),
            first_line: 0,
            ..request.clone()
        },
    };
    // Serializing plain data (strings, numbers, enums) cannot fail.
    let json = serde_json::to_vec(&input).expect("a cache key input serializes");
    blake3::hash(&json).to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Context, Identity};
    use crate::lang::Lang;
    use crate::report::UnitStatus;
    use crate::units::SegmentKind;
    use crate::verify::level::VerifySettings;
    use crate::verify::VerifyLevel;

    fn off() -> VerifySettings {
        VerifySettings::off()
    }

    fn request(source: &str) -> TranslationRequest {
        TranslationRequest {
            from: Lang::Python,
            to: Lang::Python,
            kind: SegmentKind::Function,
            name: Some("f".into()),
            source: source.into(),
            path: "a.py".into(),
            first_line: 1,
            context: Context::default(),
        }
    }

    fn attempt() -> CachedAttempt {
        CachedAttempt {
            code: Ok("def f(): pass".into()),
            names: vec!["f".into()],
            support: Vec::new(),
            report: UnitReport {
                kind: SegmentKind::Function,
                name: Some("f".into()),
                lines: (1, 1),
                status: UnitStatus::Translated,
                engine: Some("identity".into()),
                reasons: Vec::new(),
                candidates: 1,
                winner: Some(0),
                score: None,
                model: None,
                tokens_in: None,
                tokens_out: None,
                millis: 3,
                retries: 0,
                members: Vec::new(),
                renamed: Vec::new(),
                depends_on_failed: Vec::new(),
                explanation: None,
                verification: Some(crate::verify::Verification::Compiled),
            },
            path: "a.py".into(),
            first_line: 1,
        }
    }

    /// An engine whose fingerprint is its settings.
    struct Tuned(&'static str);
    impl Engine for Tuned {
        fn name(&self) -> &str {
            "tuned"
        }
        fn fingerprint(&self) -> String {
            format!("tuned {}", self.0)
        }
        fn supports(&self, _: Lang, _: Lang) -> bool {
            true
        }
        fn translate(
            &self,
            _: &TranslationRequest,
        ) -> Result<crate::engine::Translation, crate::engine::EngineError> {
            Ok(crate::engine::Translation::declined("no"))
        }
    }

    #[test]
    fn keys_cover_what_changes_a_translation_and_not_where_it_sits() {
        let identity: [&dyn Engine; 1] = [&Identity];
        let base = key(&request("def f(): pass"), &identity, &off());
        assert_eq!(base.len(), 64);
        assert_eq!(base, key(&request("def f(): pass"), &identity, &off()));

        let mut moved = request("def f(): pass");
        moved.first_line = 40;
        moved.path = "b/c.py".into();
        assert_eq!(
            base,
            key(&moved, &identity, &off()),
            "position is not in the key"
        );

        let mut changed = Vec::new();
        changed.push(key(&request("def f(): return 1"), &identity, &off()));
        let mut r = request("def f(): pass");
        r.to = Lang::JavaScript;
        changed.push(key(&r, &identity, &off()));
        let mut r = request("def f(): pass");
        r.context.glossary = vec![("f".into(), "g".into())];
        changed.push(key(&r, &identity, &off()));
        let mut r = request("def f(): pass");
        r.context.signature = Some("fn f()".into());
        changed.push(key(&r, &identity, &off()));
        let mut r = request("def f(): pass");
        r.context.enclosing = Some("class C: ...".into());
        changed.push(key(&r, &identity, &off()));
        let (a, b) = (Tuned("temperature=0"), Tuned("temperature=0.2"));
        changed.push(key(&request("def f(): pass"), &[&a], &off()));
        changed.push(key(&request("def f(): pass"), &[&b], &off()));
        changed.push(key(&request("def f(): pass"), &[&Identity, &a], &off()));
        // Verification settings change what is written.
        let compile = VerifySettings::at(VerifyLevel::Compile);
        changed.push(key(&request("def f(): pass"), &identity, &compile));
        let test = VerifySettings::at(VerifyLevel::Test);
        changed.push(key(&request("def f(): pass"), &identity, &test));
        let mut budget = VerifySettings::at(VerifyLevel::Test);
        budget.diff.max_inputs += 1;
        changed.push(key(&request("def f(): pass"), &identity, &budget));
        // The test budget does not matter where nothing is tested.
        let mut unused = VerifySettings::at(VerifyLevel::Compile);
        unused.diff.max_inputs += 1;
        assert_eq!(
            key(&request("def f(): pass"), &identity, &unused),
            key(&request("def f(): pass"), &identity, &compile)
        );
        for (i, k) in changed.iter().enumerate() {
            assert_ne!(*k, base, "change {i} must change the key");
        }
        let mut unique = changed.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), changed.len());
    }

    #[test]
    fn packs_round_trip_and_damage_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let counters = Counters::default();
        let pk = pack_key("a.py", Lang::Python, Lang::Python, &[&Identity]);
        assert_ne!(
            pk,
            pack_key("b.py", Lang::Python, Lang::Python, &[&Identity])
        );
        assert_ne!(pk, pack_key("a.py", Lang::Python, Lang::Rust, &[&Identity]));
        assert!(cache.load(&pk, &counters).is_empty());
        let mut attempts = Attempts::new();
        attempts.insert(
            key(&request("def f(): pass"), &[&Identity], &off()),
            attempt(),
        );
        cache.store(&pk, &attempts, &counters);
        assert_eq!(cache.load(&pk, &counters), attempts);

        let path = cache.pack_path(&pk);
        let good = fs::read(&path).unwrap();
        let damaged: Vec<Vec<u8>> = vec![
            good[..good.len() / 2].to_vec(), // truncated
            good.iter()
                .map(|&b| if b == b'f' { b'g' } else { b })
                .collect(),
            Vec::new(),
            b"xlate-cache 1 00\n{}".to_vec(), // another format
            // Still valid JSON with another translation in it: only the
            // checksum tells (regression guard: every case above also
            // breaks the JSON, so they passed with the checksum ignored).
            String::from_utf8(good.clone())
                .unwrap()
                .replace("def f(): pass", "def f(): fail")
                .into_bytes(),
        ];
        for bytes in damaged {
            fs::write(&path, &bytes).unwrap();
            assert!(
                cache.load(&pk, &counters).is_empty(),
                "{}",
                String::from_utf8_lossy(&bytes)
            );
        }
        // A pack under another key's name is not used for it.
        let other = pack_key("c.py", Lang::Python, Lang::Python, &[&Identity]);
        fs::create_dir_all(cache.pack_path(&other).parent().unwrap()).unwrap();
        fs::write(cache.pack_path(&other), &good).unwrap();
        assert!(cache.load(&other, &counters).is_empty());

        // Storing again replaces the damaged pack.
        cache.store(&pk, &attempts, &counters);
        assert_eq!(cache.load(&pk, &counters), attempts);
        let stats = counters.stats(true);
        assert_eq!((stats.corrupt, stats.store_errors), (6, 0));
    }
}
