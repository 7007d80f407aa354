//! The one output convention: each `--format` of a command is a [`Printer`] of that
//! command's result. The library holds the printers; the command line holds the `--format`
//! enums and picks one.

use std::io::{self, BufWriter, Write};

use serde::Serialize;

/// One output format of a command's result.
pub trait Printer<T: ?Sized> {
    /// Writes `value` to `out` in this format.
    fn print(&self, value: &T, out: &mut dyn Write) -> io::Result<()>;
}

/// The JSON form of any result: the model itself, pretty-printed, one document and a newline.
/// Each command's JSON contract is documented with the command.
pub struct Json;

impl<T: Serialize + ?Sized> Printer<T> for Json {
    fn print(&self, value: &T, out: &mut dyn Write) -> io::Result<()> {
        // serde_json writes token by token, and through `dyn Write` every token was a virtual
        // call (about 15 % of a warm `history` run's samples at 10k leads). A concrete
        // buffer inlines them.
        let mut buffered = BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut buffered, value)?;
        writeln!(buffered)?;
        buffered.flush()
    }
}

/// What a printer writes, as text: for results that are compared or written to a file.
pub fn to_text<T: ?Sized>(printer: &dyn Printer<T>, value: &T) -> String {
    let mut out = Vec::new();
    printer.print(value, &mut out).expect("writing to memory cannot fail");
    // Every printer writes text; a lossy conversion only guards against a broken one.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
