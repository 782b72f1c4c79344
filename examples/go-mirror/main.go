// The quick start's mirror as a Go program on the generated Go SDK (npm run sdk): a mirror volume on site-b
// sized like business_vol01 (volume_id 100000) on site-a, and a synchronous REC session from one to the
// other; and the same as ONE MirroredVolume component (built by the plugin's Construct) for the business
// volume named go_app_data. test/e2e/plugin-go.test.ts runs this file (up, preview, destroy) against the
// simulator.
package main

import (
	"github.com/pulumi-eternus-rec/sdk/go/eternus"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		mirror, err := eternus.NewRemoteVolume(ctx, "mirror", &eternus.RemoteVolumeArgs{
			Array:    pulumi.String("site-b"),
			Name:     pulumi.String("business_vol01_m"),
			SizeFrom: &eternus.VolumeRefArgs{Array: pulumi.String("site-a"), VolumeId: pulumi.Int(100000)},
			TppId:    pulumi.Int(0),
		})
		if err != nil {
			return err
		}
		rec, err := eternus.NewRecSyncSession(ctx, "rec", &eternus.RecSyncSessionArgs{
			SourceArray:         pulumi.String("site-a"),
			SourceVolumeId:      pulumi.Int(100000),
			DestinationArray:    pulumi.String("site-b"),
			DestinationVolumeId: mirror.VolumeId,
		}, pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "2h", Update: "2h"}))
		if err != nil {
			return err
		}
		db, err := eternus.NewMirroredVolume(ctx, "db", &eternus.MirroredVolumeArgs{
			Source:      &eternus.VolumeRefArgs{Array: pulumi.String("site-a"), VolumeName: pulumi.String("go_app_data")},
			Destination: &eternus.MirroredVolumeDestinationArgs{Array: pulumi.String("site-b"), TppId: pulumi.Int(0)},
		})
		if err != nil {
			return err
		}
		ctx.Export("dbPhase", db.Phase)
		ctx.Export("dbSessionId", db.CopySessionId)
		ctx.Export("dbMirrorVolumeId", db.DestinationVolumeId)
		ctx.Export("mirrorVolumeId", mirror.VolumeId)
		ctx.Export("copySessionId", rec.CopySessionId)
		ctx.Export("phase", rec.Phase)
		return nil
	})
}
