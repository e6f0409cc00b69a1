// Command motcua is the one-stop-shop server and its operator tools.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `motcua — Hệ thống thông tin giải quyết thủ tục hành chính một cửa

Usage:
  motcua serve    [--db DSN] [--addr HOST:PORT]   run the server
  motcua demo     [--db DSN] [--addr HOST:PORT]   load the demo province, then serve
  motcua migrate  [--db DSN]                      apply database migrations
  motcua import   [--db DSN] FILE.json|FILE.csv   import a catalog (all or nothing)
  motcua export   [--db DSN] [-o FILE]            export units and procedures as JSON
  motcua calendar lunar|due|between|holidays …    working-day clock (JSON on stdout)
  motcua user     add|token …                     manage accounts
  motcua unit     reparent --code C --parent P --from DAY | dissolve --code C --at DAY
  motcua holidays load FILE.json | list           official yearly holiday schedules
  motcua policy   set --name N --value V --from YYYY-MM-DD | list   dated rules (max_reschedules)
  motcua bench    [--db DSN] [--clients N] [--duration D] [--inbox]
  motcua cert     list | issue --kind organisation --unit CODE | import … --file F.p12 | trust --file CA.pem | revoke --serial S --reason R
  motcua verify   [--json] FILE.pdf                check a signed PDF: exit 0 valid, 1 invalid or revoked
  motcua report   --unit CODE --from DAY --to DAY [--include-children] [--as-of DAY] [--name tong-hop|theo-kenh|theo-cap] --format xlsx|csv -o FILE

DSN: sqlite:PATH (default sqlite:motcua-data/motcua.db) or postgres://…  (env MOTCUA_DB)
Address: default 127.0.0.1:8080 (env MOTCUA_ADDR)
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	var ue usageError
	var vf verifyFailed
	switch {
	case err == nil:
	case errors.As(err, &vf):
		os.Exit(1) // the verdict is already on stdout
	case errors.As(err, &ue):
		fmt.Fprintln(os.Stderr, "motcua:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "motcua:", err)
		os.Exit(1)
	}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"a command is required"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr, false)
	case "demo":
		return runServe(ctx, rest, stdout, stderr, true)
	case "migrate":
		return runMigrate(ctx, rest, stdout)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdout)
	case "calendar":
		if err := runCalendar(rest, stdout, stderr); err != nil {
			return usageError{err.Error()}
		}
		return nil
	case "user":
		return runUser(ctx, rest, stdout)
	case "unit":
		return runUnit(ctx, rest, stdout, stderr)
	case "holidays":
		return runHolidays(ctx, rest, stdout, stderr)
	case "policy":
		return runPolicy(ctx, rest, stdout, stderr)
	case "bench":
		return runBench(ctx, rest, stdout, stderr)
	case "cert":
		return runCert(ctx, rest, stdout, stderr)
	case "verify":
		return runVerify(ctx, rest, stdout, stderr)
	case "report":
		return runReport(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}
