package store

import "database/sql"

// all reads every row of a query with scan; it takes the query's error so that a call site is
// one line: return all(s.read.QueryContext(…))(scanX).
func all[T any](rows *sql.Rows, err error) func(scan func(scanner) (T, error)) ([]T, error) {
	return func(scan func(scanner) (T, error)) ([]T, error) {
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []T
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, rows.Err()
	}
}
