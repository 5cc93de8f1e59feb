//! `improvers man`: the manual page, made from the same definitions that parse the command line.
//!
//! clap_mangen renders one command per page and names subcommands only as a list of other pages,
//! so the page is assembled here: its own sections for the program, then under COMMANDS one
//! subsection per command with that command's synopsis, description and options, as hledger's
//! manual has one section per command. One file to install, and `/export` in `man` finds it.

use crate::cli::{Cli, DOCS};
use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;
use roff::{Roff, bold, roman};
use std::io::Write;

/// Writes improvers.1 to standard output.
///
/// # Errors
/// When standard output cannot be written (a closed pipe is told apart by the caller).
pub fn run() -> Result<()> {
    let page = page();
    let mut out = std::io::stdout().lock();
    out.write_all(&page)
        .and_then(|()| out.flush())
        .context("cannot write the manual page to standard output")
}

/// improvers.1 as roff (man(7) macros), in ASCII: other characters are written as roff escapes.
pub fn page() -> Vec<u8> {
    let mut root = Cli::command();
    root.build();
    let man = Man::new(root.clone());
    // Written here rather than by clap_mangen, which drops an empty date and so shifts the
    // source and manual into the wrong places of the page's footer and header.
    let mut out = format!(
        ".TH improvers 1 \"\" \"improvers {}\" \"improvers manual\"\n",
        crate::cli::version()
    )
    .into_bytes();
    // Writing into a Vec cannot fail.
    let _ = man.render_name_section(&mut out);
    let _ = man.render_synopsis_section(&mut out);
    let _ = man.render_description_section(&mut out);
    let _ = man.render_options_section(&mut out);

    let mut commands = Roff::new();
    commands.control("SH", ["COMMANDS"]);
    commands.text([roman(
        "Each command takes the options above as well: --db and --config may come before or \
         after its name.",
    )]);
    out.extend(commands.render().into_bytes());
    for command in root
        .get_subcommands()
        .filter(|command| !command.is_hide_set() && command.get_name() != "help")
    {
        out.extend(command_section(command));
    }

    out.extend(documentation_section().into_bytes());
    let _ = man.render_version_section(&mut out);
    ascii(&code_in_bold(&once_preamble(&out)))
}

/// Writes what the help texts quote as code (`` `import` ``) in bold, as man pages show
/// commands, rather than with the backticks Markdown would hide. A line with an odd number of
/// backticks is left as it is: its quote is not one to pair.
fn code_in_bold(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for line in page.split_inclusive('\n') {
        let ticks = line.matches('`').count();
        if line.starts_with('.') || ticks == 0 || ticks % 2 == 1 {
            out.push_str(line);
            continue;
        }
        for (i, piece) in line.split('`').enumerate() {
            if i % 2 == 1 {
                out.push_str(&format!("\\fB{piece}\\fR"));
            } else {
                out.push_str(piece);
            }
        }
    }
    out
}

/// Writes every character beyond ASCII as a roff escape (`—` as `\\[u2014]`): groff reads a
/// page as Latin-1 unless told otherwise, and would print the bytes of `£` or `—` as garbage.
fn ascii(page: &str) -> Vec<u8> {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out.into_bytes()
}

/// Every piece rendered alone opens with the same two lines defining the apostrophe string;
/// the page needs them once, at its top.
fn once_preamble(page: &[u8]) -> String {
    const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    let text = String::from_utf8_lossy(page);
    let body = text.replace(PREAMBLE, "");
    format!("{PREAMBLE}{body}")
}

/// One command's subsection: its synopsis, description, options and where to read more.
fn command_section(command: &clap::Command) -> Vec<u8> {
    // The program's own options are described once, above; repeated under every command they
    // would bury what the command itself takes.
    let own = command.clone().mut_args(|arg| match arg.get_id().as_str() {
        "db" | "config" | "help" => arg.hide(true),
        _ => arg,
    });
    let man = Man::new(own.clone());
    let mut heading = Roff::new();
    heading.control("SS", [format!("improvers {}", command.get_name()).as_str()]);
    let mut out = heading.render().into_bytes();
    for render in [
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        let mut section = Vec::new();
        let _ = render(&man, &mut section);
        out.extend(without_headings(&section));
    }
    if let Some(more) = own.get_after_help() {
        let mut text = Roff::new();
        text.control("PP", []).text([roman(more.to_string())]);
        out.extend(text.render().into_bytes());
    }
    out
}

/// clap_mangen's sections for one command, less their `.SH` headings (a command is a subsection
/// of COMMANDS), each opening a paragraph of its own instead.
fn without_headings(section: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(section);
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with(".SH") {
            out.push_str(".PP\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.into_bytes()
}

/// DOCUMENTATION: the pages of the docs/ folder, as the root --help lists them.
fn documentation_section() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["DOCUMENTATION"]);
    roff.text([roman(
        "The docs/ folder of the source holds the user documentation; README.md starts there.",
    )]);
    for (page, covers) in DOCS {
        roff.control("TP", [])
            .text([bold(*page)])
            .text([roman(*covers)]);
    }
    roff.render()
}
