package web

import (
	"log/slog"
	"net/http"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/store"
)

// Root is the whole site: the JSON API under /api/ (and /healthz) and the pages everywhere else.
// The server command and the tests mount the same handler.
func Root(st *store.Store, log *slog.Logger) (http.Handler, error) {
	pages, err := New(st, log)
	if err != nil {
		return nil, err
	}
	apiServer := api.New(st, log)
	mux := http.NewServeMux()
	mux.Handle("/api/", apiServer)
	mux.Handle("GET /healthz", apiServer)
	mux.Handle("/", pages)
	return mux, nil
}
