/** The EC2 client and the commands the tool sends (see ./README.md). */
export {
  EC2Client,
  DescribeRegionsCommand,
} from '@aws-sdk/client-ec2';
