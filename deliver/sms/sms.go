// Package sms sends notices as text messages through an HTTP SMS gateway: a JSON POST of
// {to, text, idempotency_key} with a bearer token. The key is the notice's, the same on every
// attempt, so a gateway that keeps keys sends a retried message once.
package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/motcua/motcua/deliver"
	"github.com/motcua/motcua/notice"
)

// Gateway is one SMS gateway.
type Gateway struct {
	URL    string
	Token  string
	Client *http.Client // default: a client with a 30 s timeout
}

// New checks the gateway's address and makes a gateway.
func New(rawURL, token string) (*Gateway, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("SMS gateway %q: want an http(s) URL", rawURL)
	}
	return &Gateway{URL: rawURL, Token: token}, nil
}

// Request is the body the gateway receives.
type Request struct {
	To             string `json:"to"`
	Text           string `json:"text"`
	IdempotencyKey string `json:"idempotency_key"`
}

// Send posts msg. A 2xx answer is success; a 4xx other than 408 and 429 is a permanent refusal
// (a bad number, a bad token); anything else is worth another try.
func (g *Gateway) Send(ctx context.Context, msg notice.Message) error {
	body, err := json.Marshal(Request{To: msg.To, Text: msg.Text, IdempotencyKey: msg.Key})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", msg.Key)
	if g.Token != "" {
		req.Header.Set("Authorization", "Bearer "+g.Token)
	}
	c := g.Client
	if c == nil {
		c = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("SMS gateway: %w", err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return nil
	case code >= 400 && code < 500 && code != http.StatusRequestTimeout && code != http.StatusTooManyRequests:
		return deliver.Permanent(fmt.Errorf("SMS gateway: %s: %s", resp.Status, bytes.TrimSpace(snippet)))
	default:
		return fmt.Errorf("SMS gateway: %s: %s", resp.Status, bytes.TrimSpace(snippet))
	}
}
