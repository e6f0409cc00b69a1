package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/motcua/motcua/demo"
	"github.com/motcua/motcua/notice"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer, withDemo bool) error {
	var c config
	fs := newFlags("serve", &c, stderr)
	addOIDCFlags(fs, &c)
	addPaymentFlags(fs, &c)
	addKeyFlags(fs, &c)
	var nc noticeConfig
	addNoticeFlags(fs, &nc)
	var fc filesConfig
	addFilesFlags(fs, &fc)
	var history int
	if withDemo {
		fs.IntVar(&history, "history", 20000, "how many past dossiers the demo province gets (at least 1)")
	}
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	files, err := fc.blobs(c.DB)
	if err != nil {
		return err
	}
	if files != nil {
		st.SetBlobs(files)
		log.Info("uploaded files", "dir", files.Root())
	} else {
		log.Info("uploaded files are kept in the database (no --files-dir)")
	}
	mk, keyNote, err := c.masterKey(withDemo)
	if err != nil {
		return err
	}
	if mk != nil {
		st.SetMasterKey(*mk)
	} else {
		log.Warn(keyNote)
	}
	var accounts []demo.Account
	if withDemo {
		if accounts, err = demo.Load(ctx, st, demo.Options{Dossiers: max(history, 1), Progress: newProgress(stderr)}); err != nil {
			return fmt.Errorf("load demo province: %w", err)
		}
		if err := demo.Certificates(ctx, st, accounts); err != nil {
			return fmt.Errorf("demo certificates: %w", err)
		}
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	opts := c.webOptions()
	if opts.Payment, err = c.paymentProvider(); err != nil {
		return usageError{err.Error()}
	}
	senders, err := nc.senders()
	if err != nil {
		return usageError{err.Error()}
	}
	var sandboxURL, idpURL, mailDir string
	if withDemo && nc.SMTPAddr == "" {
		var dc *noticeConfig
		if dc, mailDir, err = startDemoMail(ctx, c.DB, log); err != nil {
			return err
		}
		demoSenders, err := dc.senders()
		if err != nil {
			return err
		}
		senders[notice.Email] = demoSenders[notice.Email]
	}
	if withDemo && opts.OIDC.Issuer == "" {
		if opts.OIDC, idpURL, err = startDemoIdentity(ctx, url, log); err != nil {
			return err
		}
	}
	if withDemo && opts.Payment == nil {
		if opts.Payment, sandboxURL, err = startSandboxGateway(ctx, url, log); err != nil {
			return err
		}
	}
	root, err := web.RootWithOptions(st, log, opts)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           root,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	fmt.Fprintf(stdout, "motcua is listening on %s (database %s)\n", url, st.Dialect())
	if withDemo {
		fmt.Fprintf(stdout, "Demo accounts (password for all: %s):\n", demo.Password)
		for _, a := range accounts {
			fmt.Fprintf(stdout, "  %-22s %-20s %s\n", a.Username, a.Role, a.Unit)
		}
		fmt.Fprintf(stdout, "API: %s/api/v1/procedures   OpenAPI: %s/api/v1/openapi.json\n", url, url)
		if idpURL != "" {
			fmt.Fprintf(stdout, "Citizens sign in at a demo identity provider (%s) as %s, password %s\n", idpURL, demoCitizenNames(), demo.Password)
		}
		if sandboxURL != "" {
			fmt.Fprintf(stdout, "Sandbox payment gateway (no real money): %s\n", sandboxURL)
		}
		if mailDir != "" {
			fmt.Fprintf(stdout, "Email notices to applicants are kept as .eml files in %s\n", mailDir)
		}
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", st.Dialect())
	go st.OptimizeEvery(ctx, time.Hour, log)
	go st.FoldStatsEvery(ctx, time.Second, log) // figures lag transitions by about a second
	st.SetPublicURL(nc.publicURL(url))          // the QR code on signed results
	startNotices(ctx, st, senders, nc.publicURL(url), log)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func runMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	var c config
	fs := newFlags("migrate", &c, io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(stdout, "database %s is up to date\n", st.Dialect())
	return nil
}
