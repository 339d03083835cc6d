//! The sandbox: runs an untrusted program (a translation, or the source it
//! came from) in its own temporary directory, with a cleared environment,
//! under limits on time, memory, output and processes, and, where Linux
//! allows unprivileged namespaces, with no network, the file system read-only
//! outside that directory, and chosen folders hidden.
//!
//! What is enforced, and how:
//! - **time**: the caller's wall-clock limit; then the whole process group is
//!   killed, and, isolated, the program's PID namespace with it, so a child
//!   that left the group dies too.
//! - **memory**: `RLIMIT_AS` on every process. An allocation past it fails;
//!   the run reports `memory` when the runtime says so on its way out
//!   (Python `MemoryError`, V8's "out of memory", Rust's "memory allocation
//!   of N bytes failed").
//! - **output**: `RLIMIT_FSIZE`: stdout and stderr go to files, and no file
//!   the program writes may grow past the cap; a run whose output reached the
//!   cap is stopped and reports `output`.
//! - **processes**: where this process may make a cgroup (root, or a
//!   delegated hierarchy), each run gets its own pids cgroup with
//!   `pids.max` = the limit, so the kernel refuses the fork past it (threads
//!   count too); the sandbox sees the refusal in `pids.events`, stops the
//!   run and kills every process the cgroup lists. Without one, the sandbox
//!   only counts the processes of the run's group while it runs and kills
//!   the group past the limit, which an exponential fork can outrun; see
//!   [`Sandbox::enforces_process_limit`]. Isolated, `RLIMIT_NPROC` inside
//!   the user namespace backs both up (the kernel ignores it for root).
//! - **files and network** (isolated only): user, mount, network and PID
//!   namespaces. Every mount is made read-only except the run's directory,
//!   and the program runs in a second, nested user namespace, in which the
//!   kernel locks those read-only flags (so it cannot remount them
//!   writable). Reads are not confined, except in the hidden folders.
//!
//! Without namespaces (a kernel or container that refuses them) a run still
//! gets the time, memory, output and process limits and the cleared
//! environment, but has the network and may write wherever its user may.

use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run may spend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time.
    pub time: Duration,
    /// Address space of each process, in bytes (`None`: unlimited, for
    /// compilers whose needs are not the program's fault).
    pub memory: Option<u64>,
    /// Bytes of stdout, and of stderr, and of any file the program writes.
    pub output: u64,
    /// Processes in the run at once, the first included (threads count
    /// too where a pids cgroup enforces it).
    pub processes: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            time: Duration::from_secs(10),
            memory: Some(1 << 30),
            output: 1 << 20,
            // Node alone runs seven threads.
            processes: 64,
        }
    }
}

/// The limit a run reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    Time(Duration),
    Memory(u64),
    Output(u64),
    Processes(u32),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Time(time) => write!(f, "time {}", seconds(*time)),
            Limit::Memory(bytes) => write!(f, "memory {}", size(*bytes)),
            Limit::Output(bytes) => write!(f, "output {}", size(*bytes)),
            Limit::Processes(count) => write!(f, "processes {count}"),
        }
    }
}

fn seconds(time: Duration) -> String {
    if time.subsec_millis() == 0 {
        format!("{}s", time.as_secs())
    } else {
        format!("{:.1}s", time.as_secs_f64())
    }
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Why a program could not be run at all (as opposed to running and failing).
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot run `{program}`: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("cannot use a temporary directory: {0}")]
    TempDir(std::io::Error),
}

/// A program to run: what, with which arguments, and the few environment
/// variables it needs beyond `PATH`, `HOME` and `TMPDIR`.
#[derive(Clone, Debug)]
pub struct Program {
    program: OsString,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
}

impl Program {
    pub fn new(program: impl AsRef<OsStr>) -> Program {
        Program {
            program: program.as_ref().to_os_string(),
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Program {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Program {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    pub fn env(mut self, name: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Program {
        self.env
            .push((name.as_ref().to_os_string(), value.as_ref().to_os_string()));
        self
    }
}

/// A finished run.
#[derive(Clone, Debug)]
pub struct Execution {
    /// It exited with status 0 (and reached no limit).
    pub success: bool,
    /// The limit that stopped it, if one did.
    pub limit: Option<Limit>,
    pub stdout: String,
    pub stderr: String,
}

/// How runs are confined: see the module's documentation.
#[derive(Clone, Debug)]
pub struct Sandbox {
    /// `None`: no namespaces (limits and a cleared environment only).
    isolation: Option<Isolation>,
}

#[derive(Clone, Debug)]
struct Isolation {
    /// Folders mounted over with an empty, read-only tmpfs.
    hidden: Vec<PathBuf>,
    /// `unshare`, which gives the program its own PID namespace (the one
    /// step done by a helper binary: it must fork and wait).
    unshare: Option<PathBuf>,
}

/// Printed to stderr by the sandbox's own setup when it fails in the child,
/// to tell a refused namespace from the program's failure.
const SETUP_FAILED: &str = "xlate-sandbox: setup failed";

impl Sandbox {
    /// Limits and a cleared environment, no namespaces.
    pub fn plain() -> Sandbox {
        Sandbox { isolation: None }
    }

    /// Also no network, a read-only file system outside the run's directory,
    /// and `hidden` folders replaced by empty ones. An error where the
    /// system refuses unprivileged namespaces (it says which step failed).
    /// A folder that holds the temporary directory or one of `needed`
    /// (runtimes) stays visible, since nothing could run without it.
    pub fn isolated(hidden: &[PathBuf], needed: &[PathBuf]) -> Result<Sandbox, SandboxError> {
        let mut needed: Vec<PathBuf> = needed
            .iter()
            .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
            .collect();
        needed.push(
            std::env::temp_dir()
                .canonicalize()
                .unwrap_or_else(|_| std::env::temp_dir()),
        );
        let hidden = hidden
            .iter()
            .filter_map(|f| f.canonicalize().ok())
            .filter(|f| f.is_dir() && !needed.iter().any(|n| n.starts_with(f)))
            .collect();
        let sandbox = Sandbox {
            isolation: Some(Isolation {
                hidden,
                unshare: find_in_path("unshare"),
            }),
        };
        // Try the very setup the programs will get: where it fails, every
        // run would look like a failing program.
        let dir = Sandbox::temp_dir("xlate-probe-")?;
        let probe = sandbox.run(dir.path(), &Program::new("true"), &Limits::default())?;
        if !probe.success {
            return Err(SandboxError::Spawn {
                program: "true".into(),
                source: std::io::Error::other(probe.stderr.trim().to_string()),
            });
        }
        Ok(sandbox)
    }

    /// Isolated where the system allows it, plain otherwise.
    pub fn best(hidden: &[PathBuf], needed: &[PathBuf]) -> Sandbox {
        Sandbox::isolated(hidden, needed).unwrap_or_else(|_| Sandbox::plain())
    }

    /// Whether runs get namespaces (no network, read-only files).
    pub fn is_isolated(&self) -> bool {
        self.isolation.is_some()
    }

    /// Whether the kernel enforces the process limit (a pids cgroup per
    /// run), rather than the sandbox's count, which a fork bomb outruns.
    pub fn enforces_process_limit() -> bool {
        pids_root().is_some()
    }

    /// A fresh directory for one run, removed when dropped.
    pub fn temp_dir(prefix: &str) -> Result<tempfile::TempDir, SandboxError> {
        tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .map_err(SandboxError::TempDir)
    }

    /// Runs `program` in `dir` (which it may write to) under `limits`,
    /// waiting for it; its output goes to files in `dir` (a pipe could fill
    /// and block it). Everything it started is killed when it ends.
    pub fn run(
        &self,
        dir: &Path,
        program: &Program,
        limits: &Limits,
    ) -> Result<Execution, SandboxError> {
        let name = program.program.to_string_lossy().into_owned();
        let spawn_error = |source| SandboxError::Spawn {
            program: name.clone(),
            source,
        };
        let stdout_path = dir.join(".stdout");
        let stderr_path = dir.join(".stderr");
        let stdout = std::fs::File::create(&stdout_path).map_err(SandboxError::TempDir)?;
        let stderr = std::fs::File::create(&stderr_path).map_err(SandboxError::TempDir)?;
        let mut command = match self.isolation.as_ref().and_then(|i| i.unshare.as_ref()) {
            Some(unshare) => {
                let mut command = Command::new(unshare);
                // --kill-child: if unshare dies, the program does too.
                command
                    .args(["--pid", "--fork", "--kill-child", "--"])
                    .arg(&program.program);
                command
            }
            None => Command::new(&program.program),
        };
        command
            .args(&program.args)
            .current_dir(dir)
            .env_clear()
            .envs(std::env::var_os("PATH").map(|p| ("PATH", p)))
            .env("HOME", dir)
            .env("TMPDIR", dir)
            .envs(program.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .process_group(0);
        let cgroup = PidsCgroup::create(limits.processes);
        let setup = ChildSetup::new(self.isolation.as_ref(), dir, limits, cgroup.as_ref())
            .map_err(|e| spawn_error(std::io::Error::new(std::io::ErrorKind::InvalidInput, e)))?;
        // SAFETY: the closure runs between fork and exec, in the child, and
        // calls only async-signal-safe functions (setrlimit, unshare, open,
        // write, close, mount, syscall) on data prepared before the fork; it
        // allocates nothing.
        unsafe {
            command.pre_exec(move || setup.apply());
        }
        let mut child = command.spawn().map_err(spawn_error)?;
        let group = child.id() as i32;
        let started = Instant::now();
        let mut polls = 0u32;
        let (status, mut limit) = loop {
            match child.try_wait().map_err(spawn_error)? {
                Some(status) => break (Some(status), None),
                None if started.elapsed() >= limits.time => {
                    break (None, Some(Limit::Time(limits.time)))
                }
                None => {}
            }
            if output_reached(&stdout_path, &stderr_path, limits.output) {
                break (None, Some(Limit::Output(limits.output)));
            }
            let too_many = match &cgroup {
                Some(cgroup) => cgroup.refused_a_fork(),
                // Counting reads /proc: every other poll is often enough,
                // since the processes of a fork bomb stay alive to fork.
                None => polls % 2 == 1 && processes_in_group(group) > limits.processes as usize,
            };
            if too_many {
                break (None, Some(Limit::Processes(limits.processes)));
            }
            polls += 1;
            std::thread::sleep(Duration::from_millis(5));
        };
        kill_group(group);
        if let Some(cgroup) = &cgroup {
            // Everything it started, in the group or not.
            cgroup.kill_all();
        }
        if status.is_none() {
            // Reap it, so it does not linger as a zombie.
            let _ = child.wait();
        }
        if limit.is_none() && cgroup.as_ref().is_some_and(PidsCgroup::refused_a_fork) {
            limit = Some(Limit::Processes(limits.processes));
        }
        drop(cgroup);
        let stdout = read_capped(&stdout_path, limits.output);
        let stderr = read_capped(&stderr_path, limits.output);
        if limit.is_none() && output_reached(&stdout_path, &stderr_path, limits.output) {
            limit = Some(Limit::Output(limits.output));
        }
        let success = status.is_some_and(|s| s.success());
        if let Some(memory) = limits.memory.filter(|_| limit.is_none() && !success) {
            if out_of_memory(&stderr) {
                limit = Some(Limit::Memory(memory));
            }
        }
        if !success && stderr.contains(SETUP_FAILED) {
            return Err(spawn_error(std::io::Error::other(
                stderr.trim().to_string(),
            )));
        }
        Ok(Execution {
            success: success && limit.is_none(),
            limit,
            stdout,
            stderr,
        })
    }
}

/// What runtimes print when an allocation fails (Python, V8, Rust's
/// default allocation error handler, C++).
fn out_of_memory(stderr: &str) -> bool {
    [
        "MemoryError",
        "out of memory",
        "memory allocation of",
        "std::bad_alloc",
        "Cannot allocate memory",
    ]
    .iter()
    .any(|sign| stderr.contains(sign))
}

fn output_reached(stdout: &Path, stderr: &Path, cap: u64) -> bool {
    let len = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    len(stdout) >= cap || len(stderr) >= cap
}

fn read_capped(path: &Path, cap: u64) -> String {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(cap).read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// How many processes are in process group `group` (field 5 of
/// `/proc/PID/stat`, after the command name, which may hold spaces).
fn processes_in_group(group: i32) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let group = group.to_string();
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().as_bytes().iter().all(u8::is_ascii_digit))
        .filter(|e| {
            let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
                return false;
            };
            let after_name = stat.rsplit_once(')').map(|(_, rest)| rest);
            after_name.and_then(|rest| rest.split_whitespace().nth(2)) == Some(group.as_str())
        })
        .count()
}

/// Kills the whole group, again until none of it is left (for a while):
/// one signal is not trusted to catch every child of a process that forks
/// as fast as it can.
fn kill_group(group: i32) {
    for round in 0..200 {
        // SAFETY: kill(2) with a negative pid signals that process group;
        // the group was created for this child (process_group(0)), so no
        // other process is hit. Failure (the group is gone) ends the loop.
        let sent = unsafe { libc::kill(-group, libc::SIGKILL) };
        if sent != 0 || (round > 0 && processes_in_group(group) == 0) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The folder pids cgroups are made in: this process's own pids cgroup,
/// where it may make children there. Found once.
fn pids_root() -> Option<&'static PathBuf> {
    static ROOT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let own = std::fs::read_to_string("/proc/self/cgroup").ok()?;
        let root = own.lines().find_map(|line| {
            let mut fields = line.splitn(3, ':');
            let (_, controllers, path) = (fields.next()?, fields.next()?, fields.next()?);
            let path = path.trim_start_matches('/');
            if controllers.split(',').any(|c| c == "pids") {
                // cgroup v1: its own hierarchy.
                Some(Path::new("/sys/fs/cgroup/pids").join(path))
            } else if controllers.is_empty() {
                // cgroup v2: one hierarchy, where pids must be delegated.
                let dir = Path::new("/sys/fs/cgroup").join(path);
                let delegated = std::fs::read_to_string(dir.join("cgroup.subtree_control"))
                    .is_ok_and(|c| c.split_whitespace().any(|c| c == "pids"));
                delegated.then_some(dir)
            } else {
                None
            }
        })?;
        // Try it: made, limited and removed.
        let probe = PidsCgroup::create_in(&root, 8)?;
        drop(probe);
        Some(root)
    })
    .as_ref()
}

/// One run's pids cgroup, removed when dropped.
struct PidsCgroup {
    dir: PathBuf,
}

impl PidsCgroup {
    fn create(max: u32) -> Option<PidsCgroup> {
        PidsCgroup::create_in(pids_root()?, max)
    }

    fn create_in(root: &Path, max: u32) -> Option<PidsCgroup> {
        static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = root.join(format!("xlate-sandbox-{}-{run}", std::process::id()));
        std::fs::create_dir(&dir).ok()?;
        let cgroup = PidsCgroup { dir };
        std::fs::write(cgroup.dir.join("pids.max"), max.to_string()).ok()?;
        Some(cgroup)
    }

    /// The kernel refused a fork for the limit (`max N` in `pids.events`).
    fn refused_a_fork(&self) -> bool {
        std::fs::read_to_string(self.dir.join("pids.events")).is_ok_and(|events| {
            events.lines().any(|line| {
                line.strip_prefix("max ")
                    .and_then(|n| n.trim().parse::<u64>().ok())
                    .is_some_and(|n| n > 0)
            })
        })
    }

    /// Kills every process in the cgroup, until none is left (for a while).
    fn kill_all(&self) {
        for _ in 0..200 {
            let Ok(procs) = std::fs::read_to_string(self.dir.join("cgroup.procs")) else {
                return;
            };
            let pids: Vec<i32> = procs
                .lines()
                .filter_map(|l| l.trim().parse().ok())
                .collect();
            if pids.is_empty() {
                return;
            }
            for pid in pids {
                // SAFETY: kill(2) of a process the cgroup lists; only this
                // run's processes are in it.
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                }
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Drop for PidsCgroup {
    fn drop(&mut self) {
        self.kill_all();
        // A cgroup is removed once its last process has been reaped.
        for _ in 0..100 {
            if std::fs::remove_dir(&self.dir).is_ok() || !self.dir.exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Where `PATH` finds `name`.
pub fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Everything the child does between fork and exec, prepared before the
/// fork (the child may not allocate).
struct ChildSetup {
    /// The pids cgroup's `cgroup.procs`, joined first of all.
    cgroup_procs: Option<CString>,
    memory: Option<u64>,
    output: u64,
    /// `RLIMIT_NPROC`, counted in the user namespace: threads count too, so
    /// it is well above the process limit the parent watches.
    tasks: u64,
    namespaces: Option<NamespaceSetup>,
}

struct NamespaceSetup {
    dir: CString,
    hidden: Vec<CString>,
    /// `0 UID 1`: root in the namespace is the caller outside.
    uid_map: CString,
    gid_map: CString,
}

/// `struct mount_attr` of mount_setattr(2).
#[repr(C)]
struct MountAttr {
    attr_set: u64,
    attr_clr: u64,
    propagation: u64,
    userns_fd: u64,
}

const MOUNT_ATTR_RDONLY: u64 = 0x1;
const MOUNT_ATTR_NOSUID: u64 = 0x2;
const AT_RECURSIVE: libc::c_int = 0x8000;

impl ChildSetup {
    fn new(
        isolation: Option<&Isolation>,
        dir: &Path,
        limits: &Limits,
        cgroup: Option<&PidsCgroup>,
    ) -> Result<ChildSetup, std::ffi::NulError> {
        let cstring = |p: &Path| CString::new(p.as_os_str().as_bytes());
        let namespaces = match isolation {
            None => None,
            Some(isolation) => {
                let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
                // SAFETY: getuid and getgid cannot fail.
                let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
                Some(NamespaceSetup {
                    dir: cstring(&dir)?,
                    hidden: isolation
                        .hidden
                        .iter()
                        .map(|h| cstring(h))
                        .collect::<Result<_, _>>()?,
                    uid_map: CString::new(format!("0 {uid} 1"))?,
                    gid_map: CString::new(format!("0 {gid} 1"))?,
                })
            }
        };
        Ok(ChildSetup {
            cgroup_procs: cgroup
                .map(|c| cstring(&c.dir.join("cgroup.procs")))
                .transpose()?,
            memory: limits.memory,
            output: limits.output,
            tasks: u64::from(limits.processes).saturating_mul(16).max(256),
            namespaces,
        })
    }

    /// In the child. Errors are written to stderr with [`SETUP_FAILED`],
    /// since the parent sees only that the exec did not happen.
    fn apply(&self) -> std::io::Result<()> {
        let result = self.apply_inner();
        if result.is_err() {
            let message = SETUP_FAILED.as_bytes();
            // SAFETY: write(2) on stderr, which is the run's stderr file.
            unsafe {
                libc::write(2, message.as_ptr().cast(), message.len());
            }
        }
        result
    }

    fn apply_inner(&self) -> std::io::Result<()> {
        if let Some(procs) = &self.cgroup_procs {
            // "0": the writing process; its children follow it.
            write_file(procs, c"0")?;
        }
        set_limit(libc::RLIMIT_CORE, 0)?;
        set_limit(libc::RLIMIT_FSIZE, self.output)?;
        if let Some(memory) = self.memory {
            set_limit(libc::RLIMIT_AS, memory)?;
        }
        let Some(ns) = &self.namespaces else {
            return Ok(());
        };
        // The outer namespace: the mounts are changed here.
        check(unsafe {
            libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNS | libc::CLONE_NEWNET)
        })?;
        map_ids(&ns.uid_map, &ns.gid_map)?;
        let root = c"/";
        // SAFETY: mount(2) and mount_setattr(2) with valid C strings and a
        // properly sized struct; they change only this new mount namespace.
        unsafe {
            check(libc::mount(
                std::ptr::null(),
                root.as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            ))?;
            for folder in &ns.hidden {
                check(libc::mount(
                    c"xlate-hidden".as_ptr(),
                    folder.as_ptr(),
                    c"tmpfs".as_ptr(),
                    libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NODEV,
                    c"size=4k".as_ptr().cast(),
                ))?;
            }
            // Its own mount, so that it alone can be made writable again.
            check(libc::mount(
                ns.dir.as_ptr(),
                ns.dir.as_ptr(),
                std::ptr::null(),
                libc::MS_BIND,
                std::ptr::null(),
            ))?;
            let read_only = MountAttr {
                attr_set: MOUNT_ATTR_RDONLY,
                attr_clr: 0,
                propagation: 0,
                userns_fd: 0,
            };
            check(libc::syscall(
                libc::SYS_mount_setattr,
                libc::AT_FDCWD,
                root.as_ptr(),
                AT_RECURSIVE,
                &read_only as *const MountAttr,
                std::mem::size_of::<MountAttr>(),
            ) as libc::c_int)?;
            let writable = MountAttr {
                attr_set: MOUNT_ATTR_NOSUID,
                attr_clr: MOUNT_ATTR_RDONLY,
                propagation: 0,
                userns_fd: 0,
            };
            check(libc::syscall(
                libc::SYS_mount_setattr,
                libc::AT_FDCWD,
                ns.dir.as_ptr(),
                0,
                &writable as *const MountAttr,
                std::mem::size_of::<MountAttr>(),
            ) as libc::c_int)?;
            // The nested namespace's id maps are written through /proc,
            // which a read-only mount refuses (EROFS). What it exposes for
            // writing is the process's own settings, not the file system.
            let proc_writable = MountAttr {
                attr_set: 0,
                attr_clr: MOUNT_ATTR_RDONLY,
                propagation: 0,
                userns_fd: 0,
            };
            check(libc::syscall(
                libc::SYS_mount_setattr,
                libc::AT_FDCWD,
                c"/proc".as_ptr(),
                0,
                &proc_writable as *const MountAttr,
                std::mem::size_of::<MountAttr>(),
            ) as libc::c_int)?;
        }
        // The program's namespace: nested, so the kernel locks the mounts'
        // flags as they are now, and root in it cannot make them writable.
        check(unsafe { libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNS) })?;
        map_ids(c"0 0 1", c"0 0 1")?;
        // Counted per user namespace since Linux 5.14, so other processes of
        // the same user do not count. Ignored by the kernel for real root.
        set_limit(libc::RLIMIT_NPROC, self.tasks)?;
        // The working directory was entered before the fork, on the mount
        // that is now read-only; enter it again through the writable bind.
        // SAFETY: chdir(2) on a valid C string.
        check(unsafe { libc::chdir(ns.dir.as_ptr()) })?;
        Ok(())
    }
}

fn set_limit(resource: libc::__rlimit_resource_t, value: u64) -> std::io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: value,
        rlim_max: value,
    };
    // SAFETY: setrlimit(2) with a valid struct.
    check(unsafe { libc::setrlimit(resource, &limit) })
}

/// Writes the user namespace's id maps (setgroups must be denied first,
/// for an unprivileged gid map).
fn map_ids(uid_map: &std::ffi::CStr, gid_map: &std::ffi::CStr) -> std::io::Result<()> {
    write_file(c"/proc/self/setgroups", c"deny")?;
    write_file(c"/proc/self/uid_map", uid_map)?;
    write_file(c"/proc/self/gid_map", gid_map)
}

fn write_file(path: &std::ffi::CStr, content: &std::ffi::CStr) -> std::io::Result<()> {
    // SAFETY: open, write and close on a valid path and buffer.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        check(fd)?;
        let bytes = content.to_bytes();
        let written = libc::write(fd, bytes.as_ptr().cast(), bytes.len());
        libc::close(fd);
        if written < 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

fn check(result: libc::c_int) -> std::io::Result<()> {
    if result < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python(code: &str, sandbox: &Sandbox, limits: &Limits) -> Execution {
        let dir = Sandbox::temp_dir("xlate-sandbox-test-").unwrap();
        std::fs::write(dir.path().join("main.py"), code).unwrap();
        sandbox
            .run(
                dir.path(),
                &Program::new("python3").args(["-I", "main.py"]),
                limits,
            )
            .unwrap()
    }

    /// Whether this system lets an unprivileged user make the namespaces
    /// the sandbox uses, asked of `unshare(1)`, not of the code under test.
    fn system_allows_namespaces() -> bool {
        Command::new("unshare")
            .args([
                "--user",
                "--map-root-user",
                "--mount",
                "--net",
                "--pid",
                "--fork",
                "true",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn isolated() -> Option<Sandbox> {
        match Sandbox::isolated(&[], &[]) {
            Ok(sandbox) => Some(sandbox),
            Err(error) => {
                eprintln!("skipped: user namespaces are not available here ({error})");
                None
            }
        }
    }

    #[test]
    fn the_pids_cgroup_is_used_where_one_can_be_made() {
        // Guards against the fork-bomb test skipping silently where the
        // kernel could enforce the limit.
        let base = Path::new("/sys/fs/cgroup/pids");
        let probe = base.join(format!("xlate-sandbox-test-{}", std::process::id()));
        let can_make = std::fs::create_dir(&probe).is_ok();
        if can_make {
            let _ = std::fs::remove_dir(&probe);
            assert!(Sandbox::enforces_process_limit());
        } else {
            eprintln!("skipped: no writable pids cgroup v1 hierarchy here");
        }
    }

    #[test]
    fn isolation_works_where_the_system_allows_namespaces() {
        // Guards against the isolated tests skipping silently: the
        // sandbox's own setup once failed (EROFS writing the nested id maps
        // through a read-only /proc) and every isolated test "passed".
        if !system_allows_namespaces() {
            eprintln!("skipped: this system refuses unprivileged namespaces");
            return;
        }
        if let Err(error) = Sandbox::isolated(&[], &[]) {
            panic!("the system allows namespaces, the sandbox failed: {error}");
        }
    }

    fn short() -> Limits {
        Limits {
            time: Duration::from_secs(3),
            ..Limits::default()
        }
    }

    #[test]
    fn output_is_captured() {
        let run = python(
            "import sys\nprint('out')\nsys.stderr.write('err')\n",
            &Sandbox::plain(),
            &short(),
        );
        assert!(run.success);
        assert_eq!(run.limit, None);
        assert_eq!(run.stdout, "out\n");
        assert_eq!(run.stderr, "err");
    }

    #[test]
    fn a_hang_reaches_the_time_limit() {
        let limits = Limits {
            time: Duration::from_millis(300),
            ..Limits::default()
        };
        let run = python("while True:\n    pass\n", &Sandbox::plain(), &limits);
        assert!(!run.success);
        assert_eq!(run.limit, Some(Limit::Time(Duration::from_millis(300))));
        assert_eq!(run.limit.unwrap().to_string(), "time 0.3s");
    }

    #[test]
    fn unbounded_allocation_reaches_the_memory_limit() {
        let limits = Limits {
            memory: Some(256 << 20),
            ..short()
        };
        let run = python(
            "x = []\nwhile True:\n    x.append(bytearray(1 << 20))\n",
            &Sandbox::plain(),
            &limits,
        );
        assert_eq!(run.limit, Some(Limit::Memory(256 << 20)), "{}", run.stderr);
        assert_eq!(run.limit.unwrap().to_string(), "memory 256 MiB");
    }

    #[test]
    fn megabytes_of_output_reach_the_output_limit() {
        let limits = Limits {
            output: 64 << 10,
            ..short()
        };
        // Python ignores SIGXFSZ and gets EFBIG; it must not be able to go on
        // printing past the cap by catching that.
        let code =
            "while True:\n    try:\n        print('x' * 1000)\n    except OSError:\n        pass\n";
        let run = python(code, &Sandbox::plain(), &limits);
        assert_eq!(run.limit, Some(Limit::Output(64 << 10)));
        assert!(run.stdout.len() as u64 <= 64 << 10);
    }

    // Regression: this test once escaped (the sandbox only counted
    // processes, as root RLIMIT_NPROC is not enforced, and an exponential
    // fork outran the count: 7,000 processes on a shared machine). It runs
    // only where the kernel enforces the limit, and the bomb is bounded
    // (2^8 forks) besides.
    #[test]
    fn a_fork_bomb_reaches_the_process_limit() {
        if !Sandbox::enforces_process_limit() {
            eprintln!("skipped: no pids cgroup here, so no kernel-enforced process limit");
            return;
        }
        let limits = Limits {
            processes: 8,
            ..short()
        };
        for sandbox in [Some(Sandbox::plain()), isolated()].into_iter().flatten() {
            let code = "import os, time\nfor _ in range(8):\n    try:\n        os.fork()\n    except OSError:\n        pass\ntime.sleep(30)\n";
            let run = python(code, &sandbox, &limits);
            assert_eq!(run.limit, Some(Limit::Processes(8)), "{}", run.stderr);
        }
    }

    #[test]
    fn the_environment_is_cleared() {
        assert!(std::env::var_os("CARGO_PKG_NAME").is_some());
        let run = python(
            "import os\nprint(sorted(k for k in os.environ if k.startswith(('CARGO', 'RUST'))))\nprint(os.environ['HOME'] == os.getcwd())\n",
            &Sandbox::plain(),
            &short(),
        );
        assert_eq!(run.stdout, "[]\nTrue\n", "{}", run.stderr);
    }

    #[test]
    fn isolated_runs_have_no_network_and_write_only_their_directory() {
        let Some(sandbox) = isolated() else { return };
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("escaped");
        let code = format!(
            "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n    print('network reached')\nexcept OSError:\n    print('no network')\ntry:\n    open({target:?}, 'w').write('x')\n    print('wrote outside')\nexcept OSError as e:\n    print('blocked', e.errno)\nopen('inside', 'w').write('x')\nprint('wrote inside')\n",
            target = target.display().to_string()
        );
        let run = python(&code, &sandbox, &short());
        // 30: EROFS, read-only file system.
        assert_eq!(
            run.stdout, "no network\nblocked 30\nwrote inside\n",
            "{}",
            run.stderr
        );
        assert!(!target.exists());
    }

    #[test]
    fn root_in_the_sandbox_cannot_make_the_file_system_writable() {
        let Some(sandbox) = isolated() else { return };
        let outside = tempfile::tempdir().unwrap();
        let dir = outside.path().canonicalize().unwrap();
        let dir = dir.display().to_string();
        let code = format!(
            "import subprocess\nr = subprocess.run(['mount', '-o', 'remount,bind,rw', {dir:?}], capture_output=True)\ntry:\n    open({dir:?} + '/escaped', 'w').write('x')\n    print('wrote')\nexcept OSError as e:\n    print('blocked', e.errno)\n"
        );
        let run = python(&code, &sandbox, &short());
        assert_eq!(run.stdout, "blocked 30\n", "{}", run.stderr);
        assert!(!outside.path().join("escaped").exists());
    }

    #[test]
    fn hidden_folders_are_empty() {
        let secret = tempfile::tempdir_in(std::env::current_dir().unwrap()).unwrap();
        std::fs::write(secret.path().join("source.py"), "x = 1\n").unwrap();
        let Ok(sandbox) = Sandbox::isolated(&[secret.path().to_path_buf()], &[]) else {
            eprintln!("skipped: user namespaces are not available here");
            return;
        };
        let dir = secret.path().canonicalize().unwrap().display().to_string();
        let run = python(
            &format!("import os\nprint(os.listdir({dir:?}))\n"),
            &sandbox,
            &short(),
        );
        assert_eq!(run.stdout, "[]\n", "{}", run.stderr);
        assert!(secret.path().join("source.py").exists());
    }

    #[test]
    fn limits_read_as_the_report_says_them() {
        assert_eq!(Limit::Time(Duration::from_secs(10)).to_string(), "time 10s");
        assert_eq!(Limit::Output(1 << 20).to_string(), "output 1 MiB");
        assert_eq!(Limit::Memory(1 << 30).to_string(), "memory 1 GiB");
        assert_eq!(Limit::Processes(64).to_string(), "processes 64");
    }
}
