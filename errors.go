// Package motcua holds what every layer shares: application error codes. The domain lives in
// calendar, catalog, org, workflow and dossier; storage in store; HTTP in api.
package motcua

import (
	"errors"
	"fmt"
)

// Application error codes; the API maps each to an HTTP status and a stable JSON code.
const (
	EINVALID      = "invalid"      // 422: a field is wrong
	EBADREQUEST   = "bad_request"  // 400: the request cannot be read
	ENOTFOUND     = "not_found"    // 404
	ECONFLICT     = "conflict"     // 409: stale version or not allowed in this status
	EFORBIDDEN    = "forbidden"    // 403: the caller's role may not do this
	EUNAUTHORIZED = "unauthorized" // 401
	ETOOLARGE     = "too_large"    // 413
	EINTERNAL     = "internal"     // 500
)

// Error is an error the caller can act on: Code says what kind, Key names the message in the
// translation tables, Field names the offending input.
type Error struct {
	Code    string
	Key     string // stable identifier of the message, e.g. "unknown_procedure"
	Message string // English detail, for logs and as a fallback
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf makes an Error.
func Errorf(code, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Message: fmt.Sprintf(format, args...)}
}

// FieldError makes an EINVALID error about one field.
func FieldError(field, key, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Key: key, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
