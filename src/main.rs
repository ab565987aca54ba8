use clap::Parser;

fn main() {
    let cli = factbot::cli::Cli::parse();
    match factbot::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            factbot::cli::print_error(&e);
            std::process::exit(1);
        }
    }
}
