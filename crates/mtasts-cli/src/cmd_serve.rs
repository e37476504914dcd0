//! `mtasts serve`: the web app and its same-origin API (docs/PROXY.md), served by
//! `mtasts_net::serve` until the process is stopped. This command only turns the arguments
//! into the server's configuration: the network of `check` with the address guard on, the
//! loopback exception only when `--allow-loopback-for-tests` asks for it.

use std::io::Write as _;

use mtasts_net::serve::{RateLimits, ServeConfig};
use mtasts_net::{AddressGuard, Net};

use crate::Output;
use crate::args::ServeArgs;
use crate::cmd_check;
use crate::error::CliError;

pub(crate) fn run(args: &ServeArgs) -> Result<Output, CliError> {
    let mut config = cmd_check::config(&args.net)?;
    config.guard = Some(AddressGuard { allow_loopback: args.allow_loopback_for_tests });
    let net = Net::new(config).map_err(CliError::Input)?;
    let limits = RateLimits { per_client: args.rate_per_client, per_target: args.rate_per_target };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Input(format!("cannot start the network runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| CliError::Input(format!("cannot listen on {}: {e}", args.listen)))?;
        let address = listener.local_addr().map_err(|e| CliError::Input(e.to_string()))?;
        // Printed at once (the rest of the CLI writes its output at the end): scripts and tests
        // wait for this line to learn the port.
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "mtasts serve: {} on http://{address}/", args.root.display());
        let _ = stdout.flush();
        drop(stdout);
        mtasts_net::serve::run(listener, ServeConfig { root: args.root.clone(), net, limits }).await.map_err(CliError::Input)
    })?;
    Ok(Output::new(Vec::new(), true))
}
