//! Reading a benchmark in the HumanEval-X format: one JSON object per line
//! and one file per language, `<dir>/<language>.jsonl`.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::lang::Lang;

/// One problem in one language.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct Task {
    /// The problem number, the same in every language.
    pub task: u32,
    /// Imports and the function header, as the tests expect them.
    pub declaration: String,
    /// The body that completes `declaration`.
    pub canonical_solution: String,
    /// The tests, run after the solution.
    pub test: String,
}

impl Task {
    /// The complete source of the canonical solution.
    pub fn solution(&self) -> String {
        format!("{}{}", self.declaration, self.canonical_solution)
    }
}

/// Why a benchmark could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: not a benchmark task: {source}")]
    Parse {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
    #[error("{path}:{line}: task {task} appears twice")]
    Duplicate {
        path: PathBuf,
        line: usize,
        task: u32,
    },
}

/// The file that holds the tasks of `lang` in benchmark `dir`.
pub fn file_of(dir: &Path, lang: Lang) -> PathBuf {
    dir.join(format!("{}.jsonl", lang.name()))
}

/// Reads the tasks of one language, by task number.
pub fn load(dir: &Path, lang: Lang) -> Result<BTreeMap<u32, Task>, BenchError> {
    let path = file_of(dir, lang);
    let text = std::fs::read_to_string(&path).map_err(|source| BenchError::Read {
        path: path.clone(),
        source,
    })?;
    parse(&text, &path)
}

/// Parses the lines of a benchmark file; blank lines are allowed.
pub fn parse(text: &str, path: &Path) -> Result<BTreeMap<u32, Task>, BenchError> {
    let mut tasks = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let task: Task = serde_json::from_str(line).map_err(|source| BenchError::Parse {
            path: path.to_path_buf(),
            line: index + 1,
            source,
        })?;
        let number = task.task;
        if tasks.insert(number, task).is_some() {
            return Err(BenchError::Duplicate {
                path: path.to_path_buf(),
                line: index + 1,
                task: number,
            });
        }
    }
    Ok(tasks)
}

/// The tasks a user picked (`--tasks 0,2,10-20`): single numbers, which
/// must be in the benchmark, and ranges, which take the tasks that are (the
/// development split has only even numbers).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskList {
    pub numbers: Vec<u32>,
    pub ranges: Vec<RangeInclusive<u32>>,
}

impl From<Vec<u32>> for TaskList {
    fn from(numbers: Vec<u32>) -> TaskList {
        TaskList {
            numbers,
            ranges: Vec::new(),
        }
    }
}

impl TaskList {
    /// Parses `0,2,10-20`.
    pub fn parse(list: &str) -> Result<TaskList, String> {
        let mut tasks = TaskList::default();
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let number = |s: &str| {
                s.trim()
                    .parse::<u32>()
                    .map_err(|_| format!("`{s}` in the task list is not a task number"))
            };
            match part.split_once('-') {
                Some((low, high)) => {
                    let (low, high) = (number(low)?, number(high)?);
                    if low > high {
                        return Err(format!("the range `{part}` is empty"));
                    }
                    tasks.ranges.push(low..=high);
                }
                None => tasks.numbers.push(number(part)?),
            }
        }
        if tasks.numbers.is_empty() && tasks.ranges.is_empty() {
            return Err("the task list is empty".into());
        }
        Ok(tasks)
    }

    /// The picked tasks among `available`, sorted, each once; a single
    /// number that is not available is an error.
    pub fn select(&self, available: &[u32]) -> Result<Vec<u32>, u32> {
        if let Some(&missing) = self.numbers.iter().find(|n| !available.contains(n)) {
            return Err(missing);
        }
        let mut picked: Vec<u32> = available
            .iter()
            .copied()
            .filter(|t| self.ranges.iter().any(|r| r.contains(t)))
            .chain(self.numbers.iter().copied())
            .collect();
        picked.sort_unstable();
        picked.dedup();
        Ok(picked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_tasks_and_errors_name_the_line() {
        let text = "{\"task\": 2, \"declaration\": \"d\", \"canonical_solution\": \"c\", \"test\": \"t\"}\n\n{\"task\": 0, \"declaration\": \"\", \"canonical_solution\": \"\", \"test\": \"\"}\n";
        let tasks = parse(text, Path::new("b.jsonl")).unwrap();
        assert_eq!(tasks.keys().copied().collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(tasks[&2].solution(), "dc");
        let err = parse("{\"task\": 1}\n", Path::new("b.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("b.jsonl:1: not a benchmark task"), "{err}");
        let twice = format!(
            "{}\n{}",
            text.lines().next().unwrap(),
            text.lines().next().unwrap()
        );
        let err = parse(&twice, Path::new("b.jsonl")).unwrap_err().to_string();
        assert_eq!(err, "b.jsonl:2: task 2 appears twice");
    }

    #[test]
    fn task_lists_take_ranges() {
        let list = TaskList::parse("4, 0-3,2").unwrap();
        assert_eq!(list.select(&[0, 2, 4, 6]), Ok(vec![0, 2, 4]));
        // A single number must exist; a range takes what exists.
        assert_eq!(TaskList::parse("1").unwrap().select(&[0, 2]), Err(1));
        assert_eq!(
            TaskList::parse("1-1").unwrap().select(&[0, 2]),
            Ok(Vec::new())
        );
        assert!(TaskList::parse("3-1").is_err());
        assert!(TaskList::parse("x").unwrap_err().contains("`x`"));
        assert!(TaskList::parse(",").is_err());
    }
}
