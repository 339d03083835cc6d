//! The `xlate` binary: everything lives in the library; see `xlate::cli`.

fn main() -> std::process::ExitCode {
    xlate::cli::main()
}
