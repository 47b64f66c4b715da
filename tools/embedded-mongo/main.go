// Command embedded-mongo runs FerretDB 1.24 (the MongoDB wire protocol on SQLite) as Attain's
// embedded database for development and tests. Production deployments use a real MongoDB instead.
//
// It prints one line "READY <mongodb-uri>" on stdout once it accepts connections, so a parent
// process can listen on port 0 and learn the port without racing another process for it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "loopback TCP address to listen on (port 0 picks a free port)")
	socket := flag.String("socket", "", "Unix socket path to listen on instead of TCP")
	dataDir := flag.String("data", ".data/db", "directory that holds the SQLite files")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	exitWithStdin := flag.Bool("exit-with-stdin", false, "stop when stdin closes (the parent process died)")
	flag.Parse()

	if err := run(*listen, *socket, *dataDir, *logLevel, *exitWithStdin); err != nil {
		fmt.Fprintf(os.Stderr, "embedded-mongo: %s\n", err)
		os.Exit(1)
	}
}

func run(listen, socket, dataDir, logLevel string, exitWithStdin bool) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("unknown -log-level %q: use debug, info, warn or error", logLevel)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	listener := ferretdb.ListenerConfig{}
	if socket != "" {
		listener.Unix = socket
	} else {
		if err := requireLoopback(listen); err != nil {
			return err
		}
		listener.TCP = listen
	}

	// FerretDB's SQLite handler wants an existing directory and a URL that ends in "/".
	absDir, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(absDir, 0o700); err != nil {
		return fmt.Errorf("cannot create data directory: %w", err)
	}

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  listener,
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + strings.TrimSuffix(absDir, "/") + "/",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if exitWithStdin {
		// A parent killed with SIGKILL cannot stop us; its end of our stdin closing tells us instead.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = db.Run(ctx)
	}()

	// MongoDBURI waits until the listener is bound, which happens inside Run.
	fmt.Printf("READY %s\n", db.MongoDBURI())

	<-done
	return nil
}

// requireLoopback refuses addresses other than loopback: the embedded database has no
// authentication, so it must never be reachable from another machine.
func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid -listen address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-listen %q is not a loopback address: the embedded database has no authentication, use 127.0.0.1", addr)
	}
	return nil
}
