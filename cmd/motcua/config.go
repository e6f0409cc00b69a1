package main

import (
	"errors"
	"flag"
	"github.com/motcua/motcua/payment"
	"io"
	"os"
	"strings"

	"github.com/motcua/motcua/web"
)

// config is what every command may take: flags first, then the environment, then defaults.
type config struct {
	DB   string
	Addr string

	// The citizens' OpenID Connect provider (addOIDCFlags); no issuer, no citizen sign-in.
	OIDCIssuer       string
	OIDCClientID     string
	OIDCClientSecret string
	OIDCRedirectURL  string
	OIDCScopes       string
	OIDCIDClaim      string
	OIDCNameClaim    string
	OIDCProviderName string

	// Online fee payment through a VNPAY-protocol gateway (addPaymentFlags); no URL, no online payment.
	VNPayURL    string
	VNPayTmn    string
	VNPaySecret string

	// KeyFile holds the secret sealing certificates' private keys (addKeyFlags).
	KeyFile string
}

const (
	defaultDB   = "sqlite:motcua-data/motcua.db"
	defaultAddr = "127.0.0.1:8080"
)

// newFlags makes a flag set with --db and --addr bound to c, defaulting from MOTCUA_DB and
// MOTCUA_ADDR.
func newFlags(name string, c *config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.DB, "db", envOr("MOTCUA_DB", defaultDB), "database: sqlite:PATH or postgres://…")
	fs.StringVar(&c.Addr, "addr", envOr("MOTCUA_ADDR", defaultAddr), "listen address")
	return fs
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// addOIDCFlags binds the citizens' OpenID Connect provider (VNeID, the national portal's SSO, …)
// to c: --oidc-issuer and the rest, each defaulting from its MOTCUA_OIDC_* variable. The client
// secret is best given in the environment, where other users of the machine cannot read it.
func addOIDCFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.OIDCIssuer, "oidc-issuer", os.Getenv("MOTCUA_OIDC_ISSUER"), "citizens' OpenID Connect provider (issuer URL); empty: no citizen sign-in")
	fs.StringVar(&c.OIDCClientID, "oidc-client-id", os.Getenv("MOTCUA_OIDC_CLIENT_ID"), "this site's client id at the provider")
	fs.StringVar(&c.OIDCClientSecret, "oidc-client-secret", os.Getenv("MOTCUA_OIDC_CLIENT_SECRET"), "the client secret (prefer MOTCUA_OIDC_CLIENT_SECRET)")
	fs.StringVar(&c.OIDCRedirectURL, "oidc-redirect-url", os.Getenv("MOTCUA_OIDC_REDIRECT_URL"), "the callback registered at the provider: https://HOST/dang-nhap/cong-dan/callback (default: from the request)")
	fs.StringVar(&c.OIDCScopes, "oidc-scopes", envOr("MOTCUA_OIDC_SCOPES", "openid profile"), "scopes to ask for, separated by spaces or commas")
	fs.StringVar(&c.OIDCIDClaim, "oidc-id-claim", envOr("MOTCUA_OIDC_ID_CLAIM", "cccd"), "the claim holding the citizen's ID number (CCCD); the subject if absent")
	fs.StringVar(&c.OIDCNameClaim, "oidc-name-claim", envOr("MOTCUA_OIDC_NAME_CLAIM", "name"), "the claim holding the citizen's full name")
	fs.StringVar(&c.OIDCProviderName, "oidc-provider-name", envOr("MOTCUA_OIDC_PROVIDER_NAME", "VNeID"), "the provider's name on the sign-in button")
}

// addPaymentFlags binds the online fee payment gateway to c, each flag defaulting from its
// MOTCUA_VNPAY_* variable. The hash secret is better given in the environment.
func addPaymentFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.VNPayURL, "vnpay-url", os.Getenv("MOTCUA_VNPAY_URL"), "the VNPAY gateway's payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html; empty: no online payment (the demo starts its own sandbox)")
	fs.StringVar(&c.VNPayTmn, "vnpay-tmn-code", os.Getenv("MOTCUA_VNPAY_TMN_CODE"), "this site's terminal code at VNPAY")
	fs.StringVar(&c.VNPaySecret, "vnpay-hash-secret", os.Getenv("MOTCUA_VNPAY_HASH_SECRET"), "the hash secret (prefer MOTCUA_VNPAY_HASH_SECRET)")
}

// paymentProvider is the configured gateway, nil when none is; the IPN address to register at
// the gateway is https://HOST/thanh-toan/ipn.
func (c *config) paymentProvider() (payment.Provider, error) {
	if c.VNPayURL == "" {
		return nil, nil
	}
	if c.VNPayTmn == "" || c.VNPaySecret == "" {
		return nil, errors.New("--vnpay-url needs --vnpay-tmn-code and --vnpay-hash-secret")
	}
	return &payment.VNPay{Gateway: c.VNPayURL, TmnCode: c.VNPayTmn, HashSecret: []byte(c.VNPaySecret)}, nil
}

// webOptions are the site's options from c.
func (c *config) webOptions() web.Options {
	return web.Options{OIDC: web.OIDCOptions{
		Issuer: strings.TrimSpace(c.OIDCIssuer), ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret,
		RedirectURL: c.OIDCRedirectURL, Scopes: strings.FieldsFunc(c.OIDCScopes, func(r rune) bool { return r == ',' || r == ' ' }),
		IDClaim: c.OIDCIDClaim, NameClaim: c.OIDCNameClaim, ProviderName: c.OIDCProviderName,
	}}
}
