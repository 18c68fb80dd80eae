package io.fiso.costs.focus;

import io.fiso.avro.Provider;
import java.util.Map;

/** FOCUS RegionName of the regions FISO's catalog prices; other regions show their id. */
final class Regions {

  private static final Map<String, String> AWS =
      Map.ofEntries(
          Map.entry("us-east-1", "US East (N. Virginia)"),
          Map.entry("us-east-2", "US East (Ohio)"),
          Map.entry("us-west-1", "US West (N. California)"),
          Map.entry("us-west-2", "US West (Oregon)"),
          Map.entry("eu-west-1", "Europe (Ireland)"),
          Map.entry("eu-central-1", "Europe (Frankfurt)"));
  private static final Map<String, String> AZURE =
      Map.ofEntries(
          Map.entry("eastus", "East US"),
          Map.entry("eastus2", "East US 2"),
          Map.entry("centralus", "Central US"),
          Map.entry("westus", "West US"),
          Map.entry("westus2", "West US 2"),
          Map.entry("westus3", "West US 3"),
          Map.entry("westeurope", "West Europe"),
          Map.entry("northeurope", "North Europe"));
  private static final Map<String, String> GCP =
      Map.ofEntries(
          Map.entry("us-central1", "Iowa"),
          Map.entry("us-east1", "South Carolina"),
          Map.entry("us-east4", "Northern Virginia"),
          Map.entry("us-west1", "Oregon"),
          Map.entry("europe-west1", "Belgium"));

  private Regions() {}

  static String name(Provider provider, String regionId) {
    Map<String, String> names =
        switch (provider) {
          case AWS -> AWS;
          case AZURE -> AZURE;
          case GCP -> GCP;
        };
    return names.getOrDefault(regionId, regionId);
  }
}
