//! Command-line cases as data: each `tests/cmd/*.toml` names the arguments, and the files
//! beside it hold the expected stdout, stderr and exit code. Run with `TRYCMD=overwrite` to
//! update them, then review every change.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
