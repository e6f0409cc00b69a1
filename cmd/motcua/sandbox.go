package main

import (
	"context"
	"crypto/rand"
	"log/slog"

	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/payment/sandbox"
)

// startSandboxGateway starts the demo's own payment gateway on a loopback port, with a fresh
// secret, notifying the site at siteURL; it returns the provider the site pays through.
func startSandboxGateway(ctx context.Context, siteURL string, log *slog.Logger) (payment.Provider, string, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, "", err
	}
	gw := &sandbox.Gateway{TmnCode: "MOTCUADEMO", HashSecret: secret, IPNURL: siteURL + "/thanh-toan/ipn", Log: log}
	payURL, err := gw.Start(ctx)
	if err != nil {
		return nil, "", err
	}
	return &payment.VNPay{Gateway: payURL, TmnCode: gw.TmnCode, HashSecret: secret}, payURL, nil
}
