package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/store"
)

// maxImport bounds a catalog file.
const maxImport = 64 << 20

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlags("import", &c, stderr)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return usageError{"import: one FILE.json or FILE.csv"}
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	r := io.LimitReader(f, maxImport)
	var file catalog.File
	var rows []int // CSV: the row each procedure came from
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		file.Procedures, rows, err = catalog.ReadCSVRows(r)
	} else {
		file, err = catalog.ReadJSON(r)
	}
	if err != nil {
		return fmt.Errorf("%s: %w (nothing imported)", name, err)
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	var opts []store.ImportOption
	if len(file.Procedures) > 0 {
		// One transaction writes the whole file: show it advancing, procedure by procedure.
		p := newProgress(stderr)
		defer p.Stop()
		opts = append(opts, store.ImportProgress(func(done, total int) { p.Report("Importing procedures", done, total) }))
	}
	n, err := st.ImportCatalog(ctx, file, opts...)
	var ie *store.ImportError
	if errors.As(err, &ie) && ie.Procedure < len(rows) {
		re := &catalog.RowError{Row: rows[ie.Procedure], Message: ie.Err.Error()}
		var me *motcua.Error
		if errors.As(ie.Err, &me) {
			re.Field, re.Message = me.Field, me.Message
		}
		err = re
	}
	if err != nil {
		return fmt.Errorf("%s: %w (nothing imported)", name, err)
	}
	fmt.Fprintf(stdout, "imported %d units and %d procedures (%d new versions)\n", len(file.Units), len(file.Procedures), n)
	return nil
}

func runExport(ctx context.Context, args []string, stdout io.Writer) error {
	var c config
	var out string
	fs := newFlags("export", &c, io.Discard)
	fs.StringVar(&out, "o", "", "output file (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	var file catalog.File
	if file.Units, err = st.Units(ctx); err != nil {
		return err
	}
	if file.Procedures, err = st.SearchProcedures(ctx, "", "", 0); err != nil {
		return err
	}
	w := stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return catalog.WriteJSON(w, file)
}
