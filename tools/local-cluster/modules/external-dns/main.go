// Command external-dns publishes the DNSEndpoint objects of one cluster into
// an RFC2136 (dynamic update) DNS server, with TXT ownership records.
//
// Upstream's main and its controller package link every source (Istio,
// OpenShift, Gateway API, ...) and every cloud provider, which makes the
// compile huge. This file is our own wiring of the few public packages of
// sigs.k8s.io/external-dns (see go.mod for the version) that this needs:
//
//   - configuration and flag parsing: pkg/apis/externaldns (the usual
//     external-dns flags; every flag can also be set as EXTERNAL_DNS_<FLAG>,
//     which is how the TSIG secret is passed, so it stays out of argv);
//   - source: a client-go informer over DNSEndpoints decoded into
//     external-dns's own apis/v1alpha1 types (the `source` package would pull
//     in all the other sources);
//   - registry/txt, plan and provider/rfc2136.
//
// Only --provider=rfc2136 --source=crd --registry=txt are accepted.
// A reconcile runs on DNSEndpoint changes (debounced by
// --min-event-sync-interval), every --interval, and after a failure with a
// backoff of 1s doubling up to 5s (a DNS server that refused updates is
// retried quickly once it accepts them again).
//
// One flag of our own: --purge deletes every record owned by --txt-owner-id
// (its TXT ownership records included) and exits, without contacting the
// Kubernetes API; `cluster.sh down` runs it so that a cluster that goes away
// leaves nothing behind in a zone shared with other clusters.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	log "github.com/sirupsen/logrus"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"

	apiv1alpha1 "sigs.k8s.io/external-dns/apis/v1alpha1"
	"sigs.k8s.io/external-dns/endpoint"
	"sigs.k8s.io/external-dns/pkg/apis/externaldns"
	"sigs.k8s.io/external-dns/plan"
	"sigs.k8s.io/external-dns/provider/rfc2136"
	"sigs.k8s.io/external-dns/registry"
	"sigs.k8s.io/external-dns/registry/txt"
)

func main() {
	if err := run(); err != nil {
		log.Fatalf("external-dns: %v", err)
	}
}

const maxRetryBackoff = 5 * time.Second

func run() error {
	args, purge := stripFlag(os.Args[1:], "--purge")
	cfg := externaldns.NewConfig()
	if err := cfg.ParseFlags(args); err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	if err := setupLogging(cfg); err != nil {
		return err
	}
	if err := checkSupported(cfg); err != nil {
		return err
	}
	policy, ok := plan.Policies[cfg.Policy]
	if !ok {
		return fmt.Errorf("--policy: unknown policy %q (sync, upsert-only, create-only)", cfg.Policy)
	}
	log.Debugf("config: %s", cfg) // String() masks secrets

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	domainFilter := endpoint.NewDomainFilterWithExclusions(cfg.DomainFilter, cfg.DomainExclude)
	prov, err := rfc2136.New(ctx, cfg, domainFilter)
	if err != nil {
		return fmt.Errorf("rfc2136 provider: %w", err)
	}
	reg, err := txt.New(cfg, prov)
	if err != nil {
		return fmt.Errorf("txt registry: %w", err)
	}
	r := &reconciler{
		cfg:          cfg,
		reg:          reg,
		policy:       policy,
		domainFilter: domainFilter,
	}

	if purge {
		r.policy = &plan.SyncPolicy{}
		if err := r.reconcile(ctx, func() ([]*endpoint.Endpoint, func(context.Context)) { return nil, nil }); err != nil {
			return fmt.Errorf("purging the records of owner %q: %w", cfg.TXTOwnerID, err)
		}
		log.Infof("purged the records of owner %q from %v", cfg.TXTOwnerID, cfg.RFC2136Zone)
		return nil
	}

	restConfig, err := clientcmd.BuildConfigFromFlags(cfg.APIServerURL, cfg.KubeConfig)
	if err != nil {
		return fmt.Errorf("kubernetes client config: %w", err)
	}
	restConfig.QPS = float32(cfg.KubeAPIQPS)
	restConfig.Burst = cfg.KubeAPIBurst
	restConfig.Timeout = cfg.KubeAPIRequestTimeout
	restConfig.UserAgent = "external-dns/" + externaldns.Version + " (tenant-platform local cluster)"

	src, err := newDNSEndpointSource(restConfig, cfg)
	if err != nil {
		return err
	}

	trigger := make(chan struct{}, 1)
	src.onChange(func() {
		select {
		case trigger <- struct{}{}:
		default:
		}
	})
	go src.informer.RunWithContext(ctx)
	if !cache.WaitForCacheSync(ctx.Done(), src.informer.HasSynced) {
		return errors.New("DNSEndpoint informer did not sync")
	}
	log.Infof("watching DNSEndpoints (namespace %q); publishing to %s:%d zones %v as owner %q",
		cfg.Namespace, strings.Join(cfg.RFC2136Host, ","), cfg.RFC2136Port, cfg.RFC2136Zone, cfg.TXTOwnerID)

	r.loop(ctx, trigger, src.desired)
	log.Info("stopped")
	return nil
}

// stripFlag removes a boolean flag of ours before external-dns's parser
// (which rejects unknown flags) sees the arguments.
func stripFlag(args []string, name string) ([]string, bool) {
	out := make([]string, 0, len(args))
	found := false
	for _, a := range args {
		if a == name || a == name+"=true" {
			found = true
			continue
		}
		out = append(out, a)
	}
	return out, found
}

func setupLogging(cfg *externaldns.Config) error {
	log.SetOutput(os.Stderr)
	if cfg.LogFormat == externaldns.LogFormatJSON {
		log.SetFormatter(&log.JSONFormatter{})
	} else {
		log.SetFormatter(&log.TextFormatter{FullTimestamp: true, DisableColors: true})
	}
	level, err := log.ParseLevel(cfg.LogLevel)
	if err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log.SetLevel(level)
	return nil
}

// checkSupported rejects the settings this build does not implement, so a
// flag copied from an upstream setup fails loudly instead of being ignored.
func checkSupported(cfg *externaldns.Config) error {
	if cfg.Provider != "rfc2136" {
		return fmt.Errorf("--provider=%s: only rfc2136 is linked into this build", cfg.Provider)
	}
	if len(cfg.Sources) != 1 || cfg.Sources[0] != "crd" {
		return fmt.Errorf("--source=%v: only crd (DNSEndpoint) is linked into this build", cfg.Sources)
	}
	if cfg.Registry != externaldns.RegistryTXT {
		return fmt.Errorf("--registry=%s: only txt is linked into this build", cfg.Registry)
	}
	if cfg.CRDSourceAPIVersion != apiv1alpha1.GroupVersion.String() || cfg.CRDSourceKind != apiv1alpha1.DNSEndpointKind {
		return fmt.Errorf("--crd-source-apiversion/--crd-source-kind: only %s %s is supported",
			apiv1alpha1.GroupVersion, apiv1alpha1.DNSEndpointKind)
	}
	if cfg.DryRun {
		return errors.New("--dry-run is not supported by this build")
	}
	return nil
}

// dnsEndpointSource lists DNSEndpoints from an informer cache.
type dnsEndpointSource struct {
	client           rest.Interface
	informer         cache.SharedIndexInformer
	annotationFilter labels.Selector
}

func newDNSEndpointSource(restConfig *rest.Config, cfg *externaldns.Config) (*dnsEndpointSource, error) {
	scheme := runtime.NewScheme()
	if err := apiv1alpha1.AddToScheme(scheme); err != nil {
		return nil, err
	}
	metav1.AddToGroupVersion(scheme, apiv1alpha1.GroupVersion)
	c := rest.CopyConfig(restConfig)
	c.APIPath = "/apis"
	c.GroupVersion = &apiv1alpha1.GroupVersion
	c.ContentType = runtime.ContentTypeJSON
	c.NegotiatedSerializer = serializer.NewCodecFactory(scheme).WithoutConversion()
	client, err := rest.RESTClientFor(c)
	if err != nil {
		return nil, fmt.Errorf("DNSEndpoint client: %w", err)
	}

	labelFilter, err := labels.Parse(cfg.LabelFilter)
	if err != nil {
		return nil, fmt.Errorf("--label-filter: %w", err)
	}
	annotationFilter, err := labels.Parse(cfg.AnnotationFilter)
	if err != nil {
		return nil, fmt.Errorf("--annotation-filter: %w", err)
	}
	lw := cache.NewFilteredListWatchFromClient(client, "dnsendpoints", cfg.Namespace, func(o *metav1.ListOptions) {
		if !labelFilter.Empty() {
			o.LabelSelector = labelFilter.String()
		}
	})
	informer := cache.NewSharedIndexInformer(lw, &apiv1alpha1.DNSEndpoint{}, 0, cache.Indexers{})
	return &dnsEndpointSource{client: client, informer: informer, annotationFilter: annotationFilter}, nil
}

func (s *dnsEndpointSource) onChange(fn func()) {
	_, _ = s.informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(any) { fn() },
		UpdateFunc: func(oldObj, newObj any) {
			o, ok1 := oldObj.(*apiv1alpha1.DNSEndpoint)
			n, ok2 := newObj.(*apiv1alpha1.DNSEndpoint)
			// Our own status writes and resyncs do not change the spec.
			if ok1 && ok2 && o.Generation == n.Generation && equalAnnotations(o, n) && equalLabels(o, n) {
				return
			}
			fn()
		},
		DeleteFunc: func(any) { fn() },
	})
}

func equalAnnotations(a, b *apiv1alpha1.DNSEndpoint) bool {
	return labels.Equals(a.Annotations, b.Annotations)
}
func equalLabels(a, b *apiv1alpha1.DNSEndpoint) bool { return labels.Equals(a.Labels, b.Labels) }

// desired returns the records the DNSEndpoints ask for and a function that
// marks those objects observed once the records are published.
func (s *dnsEndpointSource) desired() ([]*endpoint.Endpoint, func(context.Context)) {
	eps, objs := s.endpoints()
	return eps, func(ctx context.Context) { s.markObserved(ctx, objs) }
}

// endpoints returns the desired records (copies, labelled with their
// resource) and the objects they came from.
func (s *dnsEndpointSource) endpoints() ([]*endpoint.Endpoint, []*apiv1alpha1.DNSEndpoint) {
	var objs []*apiv1alpha1.DNSEndpoint
	for _, o := range s.informer.GetStore().List() {
		d, ok := o.(*apiv1alpha1.DNSEndpoint)
		if !ok || d.DeletionTimestamp != nil {
			continue
		}
		if !s.annotationFilter.Empty() && !s.annotationFilter.Matches(labels.Set(d.Annotations)) {
			continue
		}
		objs = append(objs, d)
	}
	sort.Slice(objs, func(i, j int) bool {
		return objs[i].Namespace+"/"+objs[i].Name < objs[j].Namespace+"/"+objs[j].Name
	})
	var out []*endpoint.Endpoint
	for _, d := range objs {
		for _, ep := range d.Spec.Endpoints {
			if ep == nil {
				continue
			}
			if bad := badTarget(ep); bad != "" {
				log.Warnf("DNSEndpoint %s/%s: skipping %s %s: target %q (address records take a bare address, no trailing dot)",
					d.Namespace, d.Name, ep.RecordType, ep.DNSName, bad)
				continue
			}
			c := ep.DeepCopy()
			c.WithLabel(endpoint.ResourceLabelKey, fmt.Sprintf("crd/%s/%s", d.Namespace, d.Name))
			out = append(out, c)
		}
	}
	return endpoint.MergeEndpoints(out), objs
}

// badTarget returns a target that the DNS server would reject (A/AAAA
// targets ending in a dot), else "".
func badTarget(ep *endpoint.Endpoint) string {
	if ep.RecordType != endpoint.RecordTypeA && ep.RecordType != endpoint.RecordTypeAAAA {
		return ""
	}
	for _, t := range ep.Targets {
		if strings.HasSuffix(t, ".") {
			return t
		}
	}
	return ""
}

// markObserved records in status.observedGeneration that a DNSEndpoint's
// current spec has been published (as upstream's crd source does).
func (s *dnsEndpointSource) markObserved(ctx context.Context, objs []*apiv1alpha1.DNSEndpoint) {
	for _, d := range objs {
		if d.Status.ObservedGeneration == d.Generation {
			continue
		}
		c := d.DeepCopy()
		c.Status.ObservedGeneration = c.Generation
		err := s.client.Put().Namespace(c.Namespace).Resource("dnsendpoints").Name(c.Name).
			SubResource("status").Body(c).Do(ctx).Error()
		if err != nil {
			log.Debugf("DNSEndpoint %s/%s: status update: %v", c.Namespace, c.Name, err)
		}
	}
}

// desiredFunc returns the desired records and what to do once they are published.
type desiredFunc func() ([]*endpoint.Endpoint, func(context.Context))

type reconciler struct {
	cfg          *externaldns.Config
	reg          registry.Registry
	policy       plan.Policy
	domainFilter *endpoint.DomainFilter
}

func (r *reconciler) loop(ctx context.Context, trigger <-chan struct{}, desired desiredFunc) {
	interval := r.cfg.Interval
	if interval <= 0 {
		interval = time.Minute
	}
	debounce := r.cfg.MinEventSyncInterval
	backoff := time.Second
	for {
		next := interval
		if err := r.reconcile(ctx, desired); err != nil {
			if ctx.Err() != nil {
				return
			}
			next = min(backoff, interval)
			log.WithField("retry_in", next).Errorf("reconcile failed: %v", err)
			backoff = min(backoff*2, maxRetryBackoff)
		} else {
			backoff = time.Second
		}
		if r.cfg.Once {
			return
		}
		timer := time.NewTimer(next)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case <-trigger:
			timer.Stop()
			// Let a burst of changes settle into one reconcile.
			if debounce > 0 {
				settle := time.NewTimer(debounce)
				select {
				case <-ctx.Done():
					settle.Stop()
					return
				case <-settle.C:
				}
				select { // drop triggers that arrived while settling
				case <-trigger:
				default:
				}
			}
		}
	}
}

func (r *reconciler) reconcile(ctx context.Context, want desiredFunc) error {
	start := time.Now()
	current, err := r.reg.Records(ctx)
	if err != nil {
		return fmt.Errorf("reading records from the DNS server: %w", err)
	}
	desired, published := want()
	desired, err = r.reg.AdjustEndpoints(desired)
	if err != nil {
		return fmt.Errorf("adjusting endpoints: %w", err)
	}
	p := (&plan.Plan{
		Policies:       []plan.Policy{r.policy},
		Current:        current,
		Desired:        desired,
		DomainFilter:   endpoint.MatchAllDomainFilters{r.domainFilter, r.reg.GetDomainFilter()},
		ManagedRecords: r.cfg.ManagedDNSRecordTypes,
		ExcludeRecords: r.cfg.ExcludeDNSRecordTypes,
		OwnerID:        r.reg.OwnerID(),
		OldOwnerID:     r.cfg.TXTOwnerOld,
	}).Calculate()
	if p.Changes.HasChanges() {
		log.Infof("applying changes: %s", describe(p.Changes))
		if err := r.reg.ApplyChanges(ctx, p.Changes); err != nil {
			return fmt.Errorf("applying changes: %w", err)
		}
		log.Infof("changes applied in %s", time.Since(start).Round(time.Millisecond))
	} else {
		log.Debugf("all records are up to date (%d desired, %s)", len(desired), time.Since(start).Round(time.Millisecond))
	}
	if published != nil {
		published(ctx)
	}
	return nil
}

func describe(c *plan.Changes) string {
	var parts []string
	add := func(what string, eps []*endpoint.Endpoint) {
		for _, e := range eps {
			parts = append(parts, fmt.Sprintf("%s %s %s %v", what, e.DNSName, e.RecordType, []string(e.Targets)))
		}
	}
	add("create", c.Create)
	add("update", c.UpdateNew)
	add("delete", c.Delete)
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}
