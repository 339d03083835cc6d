//! Which files of a tree a run takes: the include and exclude globs of the
//! command line or `xlate.toml`, and a shard (`--shard K/N`), a stable share
//! of the files so that N CI jobs split a tree between them.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// Why a selection cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    #[error("bad glob `{glob}`: {reason}")]
    Glob { glob: String, reason: String },
    #[error("bad shard `{0}`: expected K/N with 1 <= K <= N, such as 2/4")]
    Shard(String),
}

/// One of N shares of a tree's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based, as users count CI jobs.
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = SelectError;

    fn from_str(text: &str) -> Result<Shard, SelectError> {
        let bad = || SelectError::Shard(text.to_string());
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether the file at `slash_path` (relative to the source root, with
    /// `/` separators) is in this shard. A hash of the path, not the order
    /// of a listing, so that the share does not move when other files are
    /// added or removed, and is the same on every machine.
    pub fn contains(&self, slash_path: &str) -> bool {
        let hash = blake3::hash(slash_path.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        u64::from_le_bytes(first) % self.count == self.index - 1
    }
}

/// Include and exclude globs over paths relative to the source root.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// None: every file is included.
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    shard: Option<Shard>,
}

impl Selection {
    /// Globs are matched against the `/`-separated path relative to the
    /// source root and against each of its folders, so `tests/**` or
    /// `vendor` exclude a folder. As in `.gitignore`, `*` stays within a
    /// folder, `**` crosses folders, and a glob without a `/` matches at any
    /// depth.
    pub fn new(
        include: &[String],
        exclude: &[String],
        shard: Option<Shard>,
    ) -> Result<Selection, SelectError> {
        Ok(Selection {
            include: glob_set(include)?,
            exclude: glob_set(exclude)?,
            shard,
        })
    }

    pub fn shard(&self) -> Option<Shard> {
        self.shard
    }

    /// Whether globs and shard take the file at `slash_path`.
    pub fn contains(&self, slash_path: &str) -> bool {
        self.in_shard(slash_path) && self.matches_globs(slash_path)
    }

    pub fn in_shard(&self, slash_path: &str) -> bool {
        self.shard.is_none_or(|s| s.contains(slash_path))
    }

    fn matches_globs(&self, slash_path: &str) -> bool {
        let hit = |set: &GlobSet| prefixes(slash_path).any(|p| set.is_match(p));
        self.include.as_ref().is_none_or(hit) && !self.exclude.as_ref().is_some_and(hit)
    }
}

/// The path and each folder above it: `a/b/c.py`, `a/b`, `a`.
fn prefixes(path: &str) -> impl Iterator<Item = &str> {
    std::iter::once(path).chain(path.rmatch_indices('/').map(move |(i, _)| &path[..i]))
}

fn glob_set(globs: &[String]) -> Result<Option<GlobSet>, SelectError> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(compile(glob)?);
    }
    let set = builder.build().map_err(|e| SelectError::Glob {
        glob: globs.join(", "),
        reason: e.to_string(),
    })?;
    Ok(Some(set))
}

fn compile(glob: &str) -> Result<Glob, SelectError> {
    let trimmed = glob.trim_start_matches("./").trim_end_matches('/');
    let anchored = if trimmed.contains('/') {
        trimmed.to_string()
    } else {
        format!("**/{trimmed}")
    };
    GlobBuilder::new(&anchored)
        .literal_separator(true)
        .build()
        .map_err(|e| SelectError::Glob {
            glob: glob.to_string(),
            reason: e.kind().to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn globs_match_paths_and_their_folders() {
        let s = Selection::new(
            &strings(&["src/**", "main.py"]),
            &strings(&["vendor", "test_*.py", "src/gen/*.py"]),
            None,
        )
        .unwrap();
        assert!(s.contains("src/a.py"));
        assert!(s.contains("src/deep/er/b.py"));
        assert!(s.contains("main.py"));
        assert!(s.contains("other/main.py"), "no `/`: any depth");
        assert!(!s.contains("other/x.py"));
        assert!(
            !s.contains("src/vendor/x.py"),
            "a folder excludes its files"
        );
        assert!(!s.contains("src/pkg/test_a.py"));
        assert!(!s.contains("src/gen/g.py"));
        assert!(s.contains("src/gen/sub/g.py"), "* does not cross folders");
        let everything = Selection::default();
        assert!(everything.contains("any/thing.rs"));
        let bad = Selection::new(&strings(&["a/[b"]), &[], None).unwrap_err();
        assert!(bad.to_string().contains("a/[b"), "{bad}");
    }

    #[test]
    fn shards_split_a_tree_exactly_and_stably() {
        assert_eq!(
            "2/4".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 4 }
        );
        for bad in ["0/4", "5/4", "1/0", "x/2", "3", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let paths: Vec<String> = (0..1000).map(|i| format!("pkg{}/m{i}.py", i % 7)).collect();
        let shards: Vec<Shard> = (1..=4).map(|k| Shard { index: k, count: 4 }).collect();
        let mut sizes = [0usize; 4];
        for path in &paths {
            let owners: Vec<usize> = (0..4).filter(|&i| shards[i].contains(path)).collect();
            assert_eq!(owners.len(), 1, "{path} must be in exactly one shard");
            sizes[owners[0]] += 1;
        }
        // A hash spreads files evenly enough that no job gets twice its share.
        assert!(sizes.iter().all(|&n| n > 150 && n < 350), "{sizes:?}");
        // Stable: fixed by the path alone (this value guards against the
        // hash or its reduction changing between versions or machines).
        let one = Shard { index: 1, count: 2 };
        let fixed: Vec<bool> = ["a.py", "b/c.py", "d/e/f.rs"]
            .iter()
            .map(|p| one.contains(p))
            .collect();
        assert_eq!(fixed, FIXED_SHARD_OF_SAMPLES);
    }

    const FIXED_SHARD_OF_SAMPLES: [bool; 3] = [true, false, false];
}
