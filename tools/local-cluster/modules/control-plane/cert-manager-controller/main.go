// Command cert-manager-controller is a trimmed cert-manager controller for the
// local cluster: the certificate lifecycle controllers plus the CA and
// SelfSigned issuers, nothing else.
//
// Upstream's cmd/controller is a Go module of its own that the module proxy
// does not serve, and it links every issuer (ACME, Vault, Venafi) and shim.
// This file is our own wiring of the public packages of
// github.com/cert-manager/cert-manager (see go.mod for the version): every
// controller package registers a constructor with pkg/controller in its
// init(), so importing a package is what makes it available here; we build the
// ones listed in `controllers`, start the shared informer factories and run
// them. One instance per cluster, so there is no leader election.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"sort"
	"sync"
	"syscall"
	"time"

	"k8s.io/klog/v2"

	controllerpkg "github.com/cert-manager/cert-manager/pkg/controller"
	logf "github.com/cert-manager/cert-manager/pkg/logs"

	// Controllers (each registers itself in init()).
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/approver"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/ca"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/selfsigned"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/issuing"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/keymanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/readiness"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/requestmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/revisionmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/trigger"
	_ "github.com/cert-manager/cert-manager/pkg/controller/clusterissuers"
	_ "github.com/cert-manager/cert-manager/pkg/controller/issuers"

	// Issuer implementations used by the (cluster)issuers controllers to
	// check an issuer's setup (each registers itself in init()).
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/selfsigned"
)

// The controllers we run, by their registered names.
var controllers = []string{
	"issuers",
	"clusterissuers",
	"certificates-trigger",
	"certificates-issuing",
	"certificates-key-manager",
	"certificates-request-manager",
	"certificates-readiness",
	"certificates-revision-manager",
	"certificaterequests-approver",
	"certificaterequests-issuer-ca",
	"certificaterequests-issuer-selfsigned",
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "cert-manager-controller: %v\n", err)
		klog.Flush()
		os.Exit(1)
	}
}

func run() error {
	fs := flag.NewFlagSet("cert-manager-controller", flag.ExitOnError)
	klog.InitFlags(fs) // -v etc.; klog writes to stderr
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig file of the cluster (default: in-cluster config)")
	clusterNS := fs.String("cluster-resource-namespace", "cert-manager",
		"namespace holding the Secrets referenced by ClusterIssuers")
	workers := fs.Int("workers", 2, "workers per controller")
	qps := fs.Float64("kube-api-qps", 20, "client-side QPS limit (only when the API server has no priority and fairness)")
	burst := fs.Int("kube-api-burst", 50, "client-side burst (only when the API server has no priority and fairness)")
	minBackoff := fs.Duration("certificate-request-minimum-backoff-duration", time.Hour,
		"first delay before a failed issuance is retried (doubles per failure)")
	maxBackoff := fs.Duration("certificate-request-maximum-backoff-duration", 32*time.Hour,
		"longest delay before a failed issuance is retried")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log := logf.Log
	ctx = logf.NewContext(ctx, log)

	opts := controllerpkg.ContextOptions{
		Kubeconfig:         *kubeconfig,
		KubernetesAPIQPS:   float32(*qps),
		KubernetesAPIBurst: *burst,
		IssuerOptions: controllerpkg.IssuerOptions{
			ClusterResourceNamespace: *clusterNS,
		},
		CertificateOptions: controllerpkg.CertificateOptions{
			CertificateRequestMinimumBackoffDuration: *minBackoff,
			CertificateRequestMaximumBackoffDuration: *maxBackoff,
		},
	}
	factory, err := controllerpkg.NewContextFactory(ctx, opts)
	if err != nil {
		return fmt.Errorf("building controller context: %w", err)
	}

	known := controllerpkg.Known()
	type running struct {
		name string
		ctrl controllerpkg.Interface
	}
	var toRun []running
	for _, name := range controllers {
		construct, ok := known[name]
		if !ok {
			return fmt.Errorf("controller %q is not linked in", name)
		}
		ctrl, err := construct(factory)
		if err != nil {
			return fmt.Errorf("constructing controller %q: %w", name, err)
		}
		toRun = append(toRun, running{name, ctrl})
	}
	skipped := []string{}
	for name := range known {
		if !slices.Contains(controllers, name) {
			skipped = append(skipped, name)
		}
	}
	sort.Strings(skipped)
	log.Info("controllers", "enabled", controllers, "linked but not run", skipped)

	// The controllers asked the shared factories for their informers while
	// being constructed; starting the factories now starts exactly those.
	// Any Context built from the factory shares the same factories.
	shared, err := factory.Build("informers")
	if err != nil {
		return fmt.Errorf("building informer context: %w", err)
	}
	shared.KubeSharedInformerFactory.Start(ctx.Done())
	shared.SharedInformerFactory.Start(ctx.Done())
	shared.HTTP01ResourceMetadataInformersFactory.Start(ctx.Done())
	shared.GWShared.Start(ctx.Done())

	var wg sync.WaitGroup
	errs := make(chan error, len(toRun))
	for _, r := range toRun {
		wg.Go(func() {
			l := log.WithValues("controller", r.name)
			l.Info("starting controller")
			if err := r.ctrl.Run(*workers, ctx); err != nil {
				errs <- fmt.Errorf("controller %q: %w", r.name, err)
				return
			}
			l.V(logf.DebugLevel).Info("controller stopped")
		})
	}
	log.Info("cert-manager controller running", "cluster-resource-namespace", *clusterNS, "workers", *workers)

	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-errs:
		stop()
		wg.Wait()
		return err
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		log.Info("controllers did not stop within 10s; exiting")
	}
	shared.KubeSharedInformerFactory.Shutdown()
	klog.Flush()
	return nil
}
