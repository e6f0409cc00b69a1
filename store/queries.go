package store

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed queries*.sql
var queryFiles embed.FS

// queries maps a block's name to its SQL.
type queries map[string]string

// loadQueries reads the named blocks ("-- name: x") of every queries*.sql file (one per subject:
// queries.sql, queries_web.sql, …; a name may appear in only one), then the dialect's file
// (queries_sqlite.sql or queries_postgres.sql), whose blocks replace those of the same name.
// The names it returns with them are the fragments: blocks other blocks include.
func loadQueries(d Dialect) (queries, map[string]bool, error) {
	q := queries{}
	fragments := map[string]bool{}
	all, err := fs.Glob(queryFiles, "queries*.sql")
	if err != nil {
		return nil, nil, err
	}
	var files []string
	for _, f := range all {
		if f != "queries_sqlite.sql" && f != "queries_postgres.sql" {
			files = append(files, f)
		}
	}
	files = append(files, "queries_"+string(d)+".sql")
	owner := map[string]string{}
	for _, f := range files {
		b, err := queryFiles.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		name := ""
		var body strings.Builder
		flush := func() {
			if name != "" {
				q[name] = strings.TrimSpace(body.String())
			}
			body.Reset()
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
				flush()
				name = strings.TrimSpace(n)
				if prev, dup := owner[name]; dup && !strings.HasPrefix(f, "queries_"+string(d)) {
					return nil, nil, fmt.Errorf("query %s is in both %s and %s", name, prev, f)
				}
				owner[name] = f
				continue
			}
			body.WriteString(line)
			body.WriteString("\n")
		}
		flush()
	}
	// A block another includes is a fragment, not a statement: it is not prepared on its own
	// (PostgreSQL would log each failed attempt on every connection).
	for _, body := range q {
		for rest := body; ; {
			i := strings.Index(rest, "{{")
			j := strings.Index(rest[max(i, 0):], "}}")
			if i < 0 || j < 0 {
				break
			}
			fragments[rest[i+2:i+j]] = true
			rest = rest[i+j+2:]
		}
	}
	for name, body := range q {
		q[name] = expand(q, body, 0)
	}
	return q, fragments, nil
}

// expand replaces {{name}} with the block of that name, recursively.
func expand(q queries, body string, depth int) string {
	if depth > 5 {
		panic("store: queries include each other in a loop")
	}
	for {
		i := strings.Index(body, "{{")
		if i < 0 {
			return body
		}
		j := strings.Index(body[i:], "}}")
		if j < 0 {
			return body
		}
		name := body[i+2 : i+j]
		body = body[:i] + expand(q, q.get(name), depth+1) + body[i+j+2:]
	}
}

// get returns the named query; a missing name is a programming error caught by the tests.
func (q queries) get(name string) string {
	s, ok := q[name]
	if !ok {
		panic(fmt.Sprintf("store: no query named %q", name))
	}
	return s
}
