return MicroGrad.Cli.CliApp.Run(args, Console.Out, Console.Error);
