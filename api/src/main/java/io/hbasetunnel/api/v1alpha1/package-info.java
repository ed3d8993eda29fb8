/**
 * Custom resources of HBase Tunnel, group {@code hbasetunnel.io}, version {@code v1alpha1}.
 * Plain classes: the operator, the gateway and the CRD generator all read these; nothing here
 * talks to Kubernetes or HBase.
 */
package io.hbasetunnel.api.v1alpha1;
