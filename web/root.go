package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/store"
)

// Root is the whole site: the JSON API under /api/ (and /healthz) and the pages everywhere else.
// The server command and the tests mount the same handler.
func Root(st *store.Store, log *slog.Logger) (http.Handler, error) {
	return RootWithOptions(st, log, Options{})
}

// RootWithOptions is Root with the optional parts configured (citizen sign-in).
func RootWithOptions(st *store.Store, log *slog.Logger, o Options) (http.Handler, error) {
	pages, err := New(st, log)
	if err != nil {
		return nil, err
	}
	if o.OIDC.Issuer != "" {
		if o.OIDC.ClientID == "" {
			return nil, errors.New("OIDC: a client id is required with the issuer")
		}
		pages.oidcc = newOIDCClient(o.OIDC)
	}
	pages.pay = o.Payment
	apiServer := api.New(st, log)
	mux := http.NewServeMux()
	mux.Handle("/api/", apiServer)
	mux.Handle("GET /healthz", apiServer)
	mux.Handle("/", pages)
	return mux, nil
}
