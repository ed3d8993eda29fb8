package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import lombok.Data;

/** Kerberos login for a secured cluster; the keytab stays in its Secret. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KerberosSpec {
  @Required
  @JsonPropertyDescription("Client principal, e.g. tunnel/_HOST@EXAMPLE.COM.")
  private String principal;

  @Required
  @JsonPropertyDescription("Secret key holding the keytab.")
  private SecretKeySelector keytabSecret;

  @Required
  @JsonPropertyDescription("ConfigMap key holding krb5.conf.")
  private ConfigMapKeySelector krb5ConfigMap;
}
