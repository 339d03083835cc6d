//! Functions that cannot be compared by running them: they read files, the
//! network, the clock, randomness or standard input, so two runs of the
//! same correct code differ. Found by what the source function's text
//! mentions; such a unit is reported untested with the reason, not run.

use crate::lang::Lang;

/// (what the text mentions, why the function is not run).
fn signs(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Python => &[
            ("open(", "reads or writes files"),
            ("os.", "uses the operating system (os)"),
            ("pathlib", "reads or writes files"),
            ("shutil.", "reads or writes files"),
            ("socket", "uses the network"),
            ("requests", "uses the network"),
            ("urllib", "uses the network"),
            ("http.client", "uses the network"),
            ("time.", "reads the clock"),
            ("datetime.now", "reads the clock"),
            ("datetime.today", "reads the clock"),
            ("date.today", "reads the clock"),
            ("random.", "uses randomness"),
            ("secrets.", "uses randomness"),
            ("uuid", "uses randomness"),
            ("input(", "reads standard input"),
            ("sys.stdin", "reads standard input"),
            ("subprocess", "runs other programs"),
        ],
        Lang::JavaScript => &[
            ("fs.", "reads or writes files"),
            ("require('fs')", "reads or writes files"),
            ("require(\"fs\")", "reads or writes files"),
            ("fetch(", "uses the network"),
            ("XMLHttpRequest", "uses the network"),
            ("WebSocket", "uses the network"),
            ("http.", "uses the network"),
            ("https.", "uses the network"),
            ("net.", "uses the network"),
            ("Date.now", "reads the clock"),
            ("new Date()", "reads the clock"),
            ("performance.now", "reads the clock"),
            ("Math.random", "uses randomness"),
            ("crypto.", "uses randomness"),
            ("process.", "uses the process (process.)"),
            ("readline", "reads standard input"),
            ("prompt(", "reads standard input"),
            ("child_process", "runs other programs"),
        ],
        Lang::Rust => &[
            ("std::fs", "reads or writes files"),
            ("fs::", "reads or writes files"),
            ("File::", "reads or writes files"),
            ("std::net", "uses the network"),
            ("TcpStream", "uses the network"),
            ("UdpSocket", "uses the network"),
            ("SystemTime", "reads the clock"),
            ("Instant", "reads the clock"),
            ("rand::", "uses randomness"),
            ("thread_rng", "uses randomness"),
            ("stdin(", "reads standard input"),
            ("std::env", "reads the environment"),
            ("env::", "reads the environment"),
            ("Command::new", "runs other programs"),
        ],
    }
}

/// Why `text` (a function in `lang`) cannot be tested by running it, if it
/// cannot: the first thing it mentions, as `reads the clock (time.)`.
pub fn untestable(lang: Lang, text: &str) -> Option<String> {
    let mut first: Option<(usize, &str, &str)> = None;
    for (sign, why) in signs(lang) {
        let mut from = 0;
        while let Some(found) = text[from..].find(sign) {
            let at = from + found;
            from = at + sign.len();
            // A whole name: `pos.` is not `os.`, `reopen(` not `open(`.
            let before = text[..at].chars().next_back();
            let starts_word = sign.starts_with(|c: char| !c.is_alphanumeric())
                || !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            let after = text[from..].chars().next();
            let ends_word = sign.ends_with(|c: char| !c.is_alphanumeric())
                || !after.is_some_and(|c| c.is_alphanumeric() || c == '_');
            if starts_word && ends_word && !in_comment(lang, text, at) {
                if first.is_none_or(|(best, _, _)| at < best) {
                    first = Some((at, sign, why));
                }
                break;
            }
        }
    }
    first.map(|(_, sign, why)| format!("{why} ({sign})"))
}

/// Whether position `at` is in a line comment (a docstring or doc comment
/// mentioning `random.` does not make the function random).
fn in_comment(lang: Lang, text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..at].trim_start();
    let marker = match lang {
        Lang::Python => "#",
        Lang::JavaScript | Lang::Rust => "//",
    };
    line.contains(marker) || line.starts_with('*') || line.starts_with(">>>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effects_are_named() {
        assert_eq!(
            untestable(Lang::Python, "def f():\n    return time.time()\n").as_deref(),
            Some("reads the clock (time.)")
        );
        assert_eq!(
            untestable(Lang::JavaScript, "const f = () => Math.random();").as_deref(),
            Some("uses randomness (Math.random)")
        );
        assert_eq!(
            untestable(Lang::Rust, "fn f() -> u64 { std::fs::read(\"x\").len() }").as_deref(),
            Some("reads or writes files (std::fs)")
        );
    }

    #[test]
    fn lookalikes_and_comments_are_not_effects() {
        // Guards against `pos.` reading as `os.` and `reopen(` as `open(`.
        assert_eq!(
            untestable(Lang::Python, "def f(pos):\n    return pos.x + reopen(1)\n"),
            None
        );
        assert_eq!(
            untestable(
                Lang::Python,
                "def f(x):\n    # not time.time()\n    return x\n"
            ),
            None
        );
        assert_eq!(untestable(Lang::Rust, "fn f(x: Instantly) {}"), None);
    }
}
